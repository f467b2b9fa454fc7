/**
 * The real embedder: BAAI/bge-small-zh-v1.5 (int8 ONNX) through @huggingface/transformers, loaded from a
 * local folder. CLS pooling, L2-normalised, 512 dimensions.
 *
 * We tokenize and call the model ourselves instead of using the feature-extraction pipeline, because the
 * pipeline truncates at 512 tokens: here a long text is split into overlapping windows (see windows.ts).
 *
 * One token sequence per model call, on purpose. The weights are dynamically quantised: activation scales
 * are computed over the whole input tensor, so in a batch a text's vector depends on its batch-mates and
 * padding (cosine 0.993 to its unbatched vector, measured). Unbatched, a vector is a function of its text
 * alone, which the embedding cache relies on, and it costs nothing: on 2 cores batches of 8–32 were no
 * faster (~280 clauses/s for batch 1 to 8, ~200 at 32).
 */
import os from 'node:os';
import path from 'node:path';
import { AutoModel, AutoTokenizer, env, Tensor } from '@huggingface/transformers';
import type { PreTrainedModel, PreTrainedTokenizer } from '@huggingface/transformers';
import type { Embedder } from '../types.js';
import { missingModelFiles, ONNX_FILE, sha256File } from '../model/model-files.js';
import { combineWindows, normalizeInPlace, planWindows } from './windows.js';

/** bge's instruction for retrieval queries (passages are embedded without it). */
export const BGE_QUERY_INSTRUCTION = '为这个句子生成表示以用于检索相关文章：';

/** bge recommends the instruction for short queries; longer ones are passage-like already. */
export const SHORT_QUERY_MAX_CHARS = 64;

/** Where the same weights live on the Hugging Face hub, for ALLOW_REMOTE_MODELS=true without a local folder. */
export const HUB_MODEL_ID = 'Xenova/bge-small-zh-v1.5';

/** transformers.js's own default, restored whenever no mirror is asked for (its settings are process-wide). */
const DEFAULT_REMOTE_HOST = env.remoteHost;

/** Consecutive windows of a long text share this many tokens, so no sentence is only ever seen cut in two. */
export const WINDOW_OVERLAP = 64;

export interface TransformersEmbedderOptions {
  /** Local transformers.js model folder (config.json, tokenizer*.json, onnx/model_quantized.onnx). */
  modelDir: string;
  /** When `modelDir` has no model: download the same weights from the hub instead of failing. */
  allowRemote: boolean;
  /** Prefix short queries with {@link BGE_QUERY_INSTRUCTION}. */
  queryInstruction: boolean;
  /** onnxruntime intra-op threads; defaults to the number of CPUs the process may use (2 here: 1.8× faster than 1). */
  threads?: number;
  /** A Hugging Face mirror (e.g. `https://hf-mirror.com/`); only used when `allowRemote` is on. */
  remoteHost?: string;
  /** Where downloaded weights are kept; defaults to `.hub-cache` next to `modelDir` (inside git-ignored models/). */
  cacheDir?: string;
}

/** An {@link Embedder} with the extras the indexer and the eval use. */
export interface TransformersEmbedder extends Embedder {
  /** Tokens the model sees for `text`, special tokens excluded (a text over {@link windowTokens} is windowed). */
  tokenCount(text: string): number;
  /** Tokens of text per window (the model's 512 minus [CLS] and [SEP]). */
  readonly windowTokens: number;
  /** Frees the onnxruntime session. */
  dispose(): Promise<void>;
}

/**
 * The text that is embedded for a user query: with the bge retrieval instruction when `instruction` is on
 * and the query is short (≤ {@link SHORT_QUERY_MAX_CHARS} characters after trimming).
 */
export function queryText(query: string, instruction: boolean): string {
  const q = query.trim();
  return instruction && q.length <= SHORT_QUERY_MAX_CHARS ? BGE_QUERY_INSTRUCTION + q : q;
}

/**
 * The vocabulary is uncased (it has `gdp`, not `GDP` or even `G`) but this export's tokenizer does not
 * lower-case, so `GDP` would become [UNK]. Lower-casing restores what the model was trained on.
 */
function modelInput(text: string): string {
  return text.toLowerCase();
}

/** Loads the model from `modelDir` (or, only when allowed, from the hub) and returns the embedder. */
export async function createTransformersEmbedder(options: TransformersEmbedderOptions): Promise<TransformersEmbedder> {
  const modelDir = path.resolve(options.modelDir);
  const missing = await missingModelFiles(modelDir);
  const local = missing.length === 0;
  if (!local && !options.allowRemote) {
    throw new Error(
      `embedding model not found in ${modelDir} (missing ${missing.join(', ')}); run \`npm run model\`, ` +
        'or set MODEL_DIR to a transformers.js model folder (or ALLOW_REMOTE_MODELS=true to download it).',
    );
  }

  // transformers.js settings are process-wide; these are the only ones we rely on.
  // Downloading: skip the local lookup, which would resolve the hub id against `/models/` at the file-system root.
  env.allowLocalModels = local;
  env.allowRemoteModels = options.allowRemote;
  env.remoteHost = options.remoteHost ?? DEFAULT_REMOTE_HOST;
  // Not node_modules/@huggingface/transformers/.cache, its default: downloads belong with the models.
  env.cacheDir = options.cacheDir ?? path.join(path.dirname(modelDir), '.hub-cache');
  // An absolute path is not a valid hub id, so transformers.js reads it as a folder and never goes online for it.
  const source = local ? modelDir : HUB_MODEL_ID;
  const threads = options.threads ?? os.availableParallelism();
  const loadOptions = { local_files_only: local, dtype: 'q8' as const };

  let tokenizer: PreTrainedTokenizer;
  let model: PreTrainedModel;
  try {
    tokenizer = await AutoTokenizer.from_pretrained(source, loadOptions);
    model = await AutoModel.from_pretrained(source, {
      ...loadOptions,
      session_options: { intraOpNumThreads: threads, interOpNumThreads: 1 },
    });
  } catch (error) {
    const where = local ? modelDir : `${env.remoteHost} (${HUB_MODEL_ID}), because ${modelDir} has no model`;
    throw new Error(`could not load the embedding model from ${where}: ${(error as Error).message}. Run \`npm run model\`.`, {
      cause: error,
    });
  }

  const [cls, sep, ...rest] = tokenizer.encode('', { add_special_tokens: true });
  if (cls === undefined || sep === undefined || rest.length) {
    throw new Error(`unexpected tokenizer in ${source}: an empty text should encode as [CLS] [SEP]`);
  }
  const maxLength = Math.min(Number(tokenizer.model_max_length) || 512, 512);
  const windowTokens = maxLength - 2;

  const onnxFile = local ? path.join(modelDir, ONNX_FILE) : path.join(env.cacheDir, HUB_MODEL_ID, ONNX_FILE);
  const onnxHash = await sha256File(onnxFile).catch(() => 'unhashed');
  // Folder name + weights hash: another model, or other weights under the same name, never shares cache entries.
  const modelId = `${path.basename(local ? modelDir : HUB_MODEL_ID)}-q8:${onnxHash.slice(0, 12)}`;
  const dimensions = Number((model.config as { hidden_size?: number }).hidden_size);

  const tokenIds = (text: string): number[] => tokenizer.encode(modelInput(text), { add_special_tokens: false });

  /** Runs the encoder on one token sequence (with [CLS]/[SEP]); returns its unit CLS vector. */
  async function encodeSequence(sequence: number[]): Promise<Float32Array> {
    const shape = [1, sequence.length];
    const output = (await model({
      input_ids: new Tensor('int64', BigInt64Array.from(sequence, BigInt), shape),
      attention_mask: new Tensor('int64', new BigInt64Array(sequence.length).fill(1n), shape),
      token_type_ids: new Tensor('int64', new BigInt64Array(sequence.length), shape),
    })) as { last_hidden_state: Tensor };
    const hidden = output.last_hidden_state;
    // CLS pooling: the first token's hidden state. slice() copies, so the tensor can be freed.
    const vector = (hidden.data as Float32Array).slice(0, dimensions);
    hidden.dispose();
    return normalizeInPlace(vector);
  }

  /** One text: its windows (one, unless it is longer than the model's window), embedded and combined. */
  async function embedText(text: string): Promise<Float32Array> {
    const body = tokenIds(text);
    const vectors: Float32Array[] = [];
    for (const { start, end } of planWindows(body.length, windowTokens, WINDOW_OVERLAP)) {
      vectors.push(await encodeSequence([cls!, ...body.slice(start, end), sep!]));
    }
    return combineWindows(vectors);
  }

  async function embed(texts: string[]): Promise<Float32Array[]> {
    const vectors: Float32Array[] = [];
    for (const text of texts) vectors.push(await embedText(text));
    return vectors;
  }

  return {
    dimensions,
    modelId,
    windowTokens,
    embed,
    async embedQuery(text: string): Promise<Float32Array> {
      const [vector] = await embed([queryText(text, options.queryInstruction)]);
      return vector!;
    },
    tokenCount: (text: string) => tokenIds(text).length,
    async dispose() {
      await model.dispose();
    },
  };
}
