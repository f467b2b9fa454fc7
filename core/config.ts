/**
 * Configuration as data: every setting is declared once here with its default and one line of help,
 * read from the environment once, validated, and handed on as a typed object.
 * Nothing else in the code base reads `process.env`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** Repository root, so defaults work whatever the current directory is. */
export const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
const dir = z.string().min(1).transform((p) => path.resolve(ROOT_DIR, p));
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

interface Setting {
  schema: z.ZodType;
  default?: string;
  help: string;
  secret?: boolean;
}

/** The settings, in the order the README documents them. */
export const SETTINGS = {
  HOST: { schema: z.string().min(1), default: '127.0.0.1', help: 'Address the web server listens on (0.0.0.0 in a container).' },
  PORT: { schema: port, default: '3000', help: 'Port the web server listens on.' },
  DATA_DIR: { schema: dir, default: 'data', help: 'Where the embedded index (SQLite file) and the embedding cache live.' },
  SEEDS_DIR: { schema: dir, default: 'seeds', help: 'Folder of policy texts the indexer reads: .txt, .md, .html/.htm (saved web pages), .docx and .pdf (with a text layer).' },
  MODEL_DIR: {
    schema: dir,
    default: 'models/BAAI/bge-small-zh-v1.5',
    help: 'Local transformers.js model folder (config.json, tokenizer.json, onnx/model_quantized.onnx).',
  },
  ALLOW_REMOTE_MODELS: {
    schema: bool,
    default: 'false',
    help: 'Let transformers.js download a model from a hub when MODEL_DIR has none. Off: the intranet has no internet.',
  },
  QUERY_INSTRUCTION: {
    schema: bool,
    // Measured with npm run eval on the judged set: without the instruction semantic nDCG@10 is 0.797 against
    // 0.746 with it, hybrid 0.913 against 0.894 (README, Relevance).
    default: 'false',
    help: 'Prefix short queries with the bge retrieval instruction before embedding them (off: measured worse here).',
  },
  ENGINE: {
    schema: z.enum(['sqlite', 'meilisearch'], { message: 'must be "sqlite" or "meilisearch"' }).optional(),
    help: 'Search engine: sqlite (embedded default) or meilisearch. Defaults to meilisearch when MEILI_URL is set.',
  },
  MEILI_URL: { schema: optionalString.pipe(z.url().optional()), help: 'Meilisearch base URL, e.g. http://meilisearch:7700.' },
  MEILI_MASTER_KEY: {
    schema: optionalString,
    help: 'Meilisearch master key. Used server-side only, to obtain the admin (indexer) and search keys.',
    secret: true,
  },
  MEILI_SEARCH_KEY: {
    schema: optionalString,
    help: 'Meilisearch search-only key for queries; derived from the master key when unset.',
    secret: true,
  },
  MEILI_INDEX_PREFIX: { schema: z.string().regex(/^[a-z0-9_-]+$/i, 'letters, digits, _ and - only'), default: 'tiaowen', help: 'Prefix of the Meilisearch index names.' },
  MEILI_TIMEOUT_MS: { schema: positiveInt, default: '5000', help: 'Timeout for every Meilisearch request, in milliseconds.' },
  ADMIN_TOKEN: {
    schema: optionalString.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
    help: 'Token for the admin page /admin (upload, replace, remove documents) and the admin API (Bearer). Unset: neither exists.',
    secret: true,
  },
  WATCH_SEEDS: {
    schema: bool.optional(),
    help: 'Watch SEEDS_DIR and re-index when a source file or its .meta.json is added, changed or removed. Defaults to on for the embedded engine (Meilisearch is written by the indexer service only).',
  },
  WATCH_DEBOUNCE_MS: {
    schema: positiveInt,
    default: '1000',
    help: 'Quiet time after the last change in SEEDS_DIR before the watcher re-indexes (a copied archive becomes one sync).',
  },
  UPLOAD_MAX_MB: { schema: positiveInt, default: '20', help: 'Largest document the admin page accepts, in megabytes.' },
  SITE_SUBTITLE: {
    schema: optionalString,
    help: 'Subtitle under the site name. Unset: it describes the corpus, e.g. "3,335 份文件 · 1979–2023".',
  },
  RATE_LIMIT_PER_MINUTE: { schema: positiveInt, default: '600', help: 'Requests per minute per client IP on /api.' },
  TRUST_PROXY: { schema: bool, default: 'false', help: 'Trust X-Forwarded-For (set true behind a reverse proxy).' },
  LOG_LEVEL: {
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    default: 'info',
    help: 'pino log level.',
  },
} satisfies Record<string, Setting>;

type Settings = typeof SETTINGS;
type SettingName = keyof Settings;
type Values = { [K in SettingName]: z.output<Settings[K]['schema']> };

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  seedsDir: string;
  model: { dir: string; allowRemote: boolean; queryInstruction: boolean };
  engine:
    | { kind: 'sqlite'; file: string }
    | {
        kind: 'meilisearch';
        url: string;
        masterKey: string | undefined;
        searchKey: string | undefined;
        indexPrefix: string;
        timeoutMs: number;
      };
  adminToken: string | undefined;
  /** Re-index when SEEDS_DIR changes (embedded engine only). */
  watch: { enabled: boolean; debounceMs: number };
  uploadMaxBytes: number;
  /** The site's subtitle when configured; undefined: the pages describe the corpus. */
  siteSubtitle: string | undefined;
  rateLimitPerMinute: number;
  trustProxy: boolean;
  logLevel: string;
}

/** Thrown at start-up with every problem listed, each saying which variable and how to fix it. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * For the entry points: the configuration, or the problems on stderr and exit code 2, so a bad setting
 * never surfaces as a stack trace.
 */
export function loadConfigOrExit(env: Record<string, string | undefined>): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
}

/** Reads and validates the environment. Pass an object in tests; the entry points pass `process.env`. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const problems: string[] = [];
  const values = {} as Record<string, unknown>;
  for (const [name, setting] of Object.entries(SETTINGS) as Array<[SettingName, Setting]>) {
    const raw = env[name] ?? setting.default;
    const parsed = setting.schema.safeParse(raw);
    if (parsed.success) values[name] = parsed.data;
    else {
      const shown = setting.secret ? '(hidden)' : JSON.stringify(raw);
      problems.push(`${name}=${shown}: ${parsed.error.issues.map((i) => i.message).join('; ')}. ${setting.help}`);
    }
  }
  if (problems.length) throw new ConfigError(problems);
  const v = values as Values;

  const engineKind = v.ENGINE ?? (v.MEILI_URL ? 'meilisearch' : 'sqlite');
  if (engineKind === 'meilisearch' && !v.MEILI_URL) {
    problems.push('ENGINE=meilisearch needs MEILI_URL (e.g. http://localhost:7700).');
  }
  if (engineKind === 'meilisearch' && !v.MEILI_MASTER_KEY && !v.MEILI_SEARCH_KEY) {
    problems.push('ENGINE=meilisearch needs MEILI_MASTER_KEY (or at least MEILI_SEARCH_KEY for a read-only server).');
  }
  if (engineKind === 'meilisearch' && v.WATCH_SEEDS === true) {
    problems.push('WATCH_SEEDS=true needs the embedded engine: the web server only reads Meilisearch; run the indexer service (npm run index) after changing SEEDS_DIR.');
  }
  if (problems.length) throw new ConfigError(problems);

  return {
    host: v.HOST,
    port: v.PORT,
    dataDir: v.DATA_DIR,
    seedsDir: v.SEEDS_DIR,
    model: { dir: v.MODEL_DIR, allowRemote: v.ALLOW_REMOTE_MODELS, queryInstruction: v.QUERY_INSTRUCTION },
    engine:
      engineKind === 'sqlite'
        ? { kind: 'sqlite', file: path.join(v.DATA_DIR, 'tiaowen.sqlite') }
        : {
            kind: 'meilisearch',
            url: v.MEILI_URL as string,
            masterKey: v.MEILI_MASTER_KEY,
            searchKey: v.MEILI_SEARCH_KEY,
            indexPrefix: v.MEILI_INDEX_PREFIX,
            timeoutMs: v.MEILI_TIMEOUT_MS,
          },
    adminToken: v.ADMIN_TOKEN,
    watch: { enabled: v.WATCH_SEEDS ?? engineKind === 'sqlite', debounceMs: v.WATCH_DEBOUNCE_MS },
    uploadMaxBytes: v.UPLOAD_MAX_MB * 1024 * 1024,
    siteSubtitle: v.SITE_SUBTITLE,
    rateLimitPerMinute: v.RATE_LIMIT_PER_MINUTE,
    trustProxy: v.TRUST_PROXY,
    logLevel: v.LOG_LEVEL,
  };
}
