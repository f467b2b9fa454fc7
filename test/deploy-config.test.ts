/**
 * Docker does not run on the development machines, so the deployment files are checked here as data:
 * what `docker compose up` would start, what the image contains, and what CI runs. CI's docker job then
 * builds the image and runs the stack for real.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT_DIR } from '../core/config.js';

const read = (file: string) => readFileSync(path.join(ROOT_DIR, file), 'utf8');

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  read_only?: boolean;
  restart?: string;
}
interface Compose {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
}

const compose = parse(read('docker-compose.yml'), { merge: true }) as Compose;
const dockerfile = read('Dockerfile');
const workflow = parse(read('.github/workflows/ci.yml')) as {
  on: unknown;
  jobs: Record<string, { container?: string; services?: Record<string, { image: string; env: Record<string, string> }>; env?: Record<string, string>; steps: Array<{ run?: string; uses?: string }> }>;
};

/** `getmeili/meilisearch:v1.25.0` → [1, 25, 0]; null when the tag is not an exact version. */
function meiliVersion(image: string): number[] | null {
  const match = /^getmeili\/meilisearch:v(\d+)\.(\d+)\.(\d+)$/.exec(image);
  return match ? match.slice(1).map(Number) : null;
}

const meili = compose.services.meilisearch as Service;
const app = compose.services.app as Service;
const indexer = compose.services.indexer as Service;

describe('docker-compose.yml', () => {
  it('runs Meilisearch pinned to an exact version of at least v1.25, never "latest"', () => {
    const version = meiliVersion(meili.image ?? '');
    expect(version).not.toBeNull();
    const [major, minor] = version as number[];
    expect((major as number) > 1 || (major === 1 && (minor as number) >= 25)).toBe(true);
    for (const service of Object.values(compose.services)) {
      if (service.image && !service.build) expect(service.image).toMatch(/:v?\d+\.\d+\.\d+$/);
      expect(service.image ?? '').not.toMatch(/:latest$/);
    }
  });

  it('runs Meilisearch in production mode, without analytics, with its data on a named volume', () => {
    expect(meili.environment).toMatchObject({ MEILI_ENV: 'production', MEILI_NO_ANALYTICS: 'true' });
    expect(meili.volumes).toContain('meili_data:/meili_data');
    expect(Object.keys(compose.volumes)).toContain('meili_data');
  });

  it('hard-codes no secret: every key and token comes from the environment (.env)', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const [variable, value] of Object.entries(service.environment ?? {})) {
        if (!/KEY|TOKEN|SECRET|PASSWORD/.test(variable)) continue;
        expect(`${name}.${variable}=${value}`).toMatch(new RegExp(`=\\$\\{${variable}(:[?-][^}]*)?\\}$`));
      }
    }
    // And a missing master key stops `docker compose up` with a message, instead of starting without one.
    expect(meili.environment?.MEILI_MASTER_KEY).toMatch(/^\$\{MEILI_MASTER_KEY:\?.*16 bytes.*\}$/);
  });

  it('health-checks Meilisearch on /health and the app on /api/health', () => {
    expect(meili.healthcheck?.test.join(' ')).toContain('http://127.0.0.1:7700/health');
    expect(app.healthcheck?.test.join(' ')).toContain('/api/health');
  });

  it('starts the app after Meilisearch is healthy and the indexer has finished', () => {
    expect(app.depends_on).toEqual({
      meilisearch: { condition: 'service_healthy' },
      indexer: { condition: 'service_completed_successfully' },
    });
    expect(indexer.depends_on).toEqual({ meilisearch: { condition: 'service_healthy' } });
    expect(indexer.command).toEqual(['npm', 'run', 'index']);
    expect(indexer.restart).toBe('no');
  });

  it('serves on all interfaces of the container, on Meilisearch, read-only apart from its data volume', () => {
    expect(app.environment).toMatchObject({ HOST: '0.0.0.0', ENGINE: 'meilisearch', MEILI_URL: 'http://meilisearch:7700' });
    expect(indexer.environment).toMatchObject({ ENGINE: 'meilisearch', MEILI_URL: 'http://meilisearch:7700' });
    expect(app.read_only).toBe(true);
    expect(app.restart).toBe('unless-stopped');
  });
});

describe('Dockerfile', () => {
  const stages = [...dockerfile.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1] as string);

  it('builds in one stage and runs in another, from a Node image pinned by exact version', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const image of stages) expect(image).toMatch(/^node:\d+\.\d+\.\d+-bookworm(-slim)?$/);
  });

  it('fetches the model from the npm registry at build time, and keeps tsx after pruning dev dependencies', () => {
    expect(dockerfile).toMatch(/RUN npm ci[^\n]*\\\n\s*&& npm run model/);
    expect(dockerfile).toContain('npm prune --omit=dev');
    const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies).toHaveProperty('tsx');
  });

  it('runs as a non-root user with a healthcheck on /api/health', () => {
    const users = [...dockerfile.matchAll(/^USER\s+(\S+)/gm)].map((m) => m[1]);
    expect(users.at(-1)).toBe('node');
    expect(dockerfile).toMatch(/^HEALTHCHECK [\s\S]*\/api\/health/m);
  });

  it('leaves secrets and host builds out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['.env', 'node_modules', 'models', 'data']) expect(ignored).toContain(entry);
  });
});

describe('.env.example', () => {
  it('documents the master key and its 16-byte minimum, with no value filled in', () => {
    const example = read('.env.example');
    expect(example).toMatch(/^MEILI_MASTER_KEY=$/m);
    expect(example).toContain('at least 16 bytes');
  });
});

describe('CI workflow', () => {
  const tests = workflow.jobs.test;
  const docker = workflow.jobs.docker;

  it('runs the whole suite with .ci/run against a Meilisearch service of the same version as compose', () => {
    const service = tests?.services?.meilisearch;
    expect(service?.image).toBe(meili.image);
    expect(service?.env).toMatchObject({ MEILI_ENV: 'production' });
    expect(tests?.env).toMatchObject({ MEILI_URL: 'http://meilisearch:7700' });
    expect(tests?.env?.MEILI_MASTER_KEY).toBe(service?.env.MEILI_MASTER_KEY);
    expect(tests?.steps.map((s) => s.run)).toContain('bash .ci/run');
  });

  it('validates the compose file, builds the image and runs the stack', () => {
    const runs = (docker?.steps ?? []).map((s) => s.run ?? '').join('\n');
    expect(runs).toContain('docker compose config');
    expect(runs).toContain('docker build');
    expect(runs).toContain('docker compose up');
  });
});
