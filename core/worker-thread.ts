/**
 * Starting a worker thread on one of our own modules, whether the app runs from compiled JavaScript or from
 * TypeScript sources (tsx, vitest). A worker thread does not inherit a loader or a test runner's module
 * transform, so under TypeScript the worker registers tsx's loader itself before importing its module.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * A worker running `module` (a path relative to `from`, the caller's `import.meta.url`, written with the `.js`
 * extension as in an import), with `workerData`.
 */
export function startModuleWorker(from: string, module: string, workerData: unknown): Worker {
  if (!from.endsWith('.ts')) return new Worker(new URL(module, from), { workerData });
  const entry = new URL(module.replace(/\.js$/, '.ts'), from).href;
  // tsx's ES module API (the CommonJS one cannot register from inside an ES module import).
  const tsxApi = new URL('./dist/esm/api/index.mjs', pathToFileURL(createRequire(from).resolve('tsx/package.json'))).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(bootstrap, { eval: true, workerData });
}
