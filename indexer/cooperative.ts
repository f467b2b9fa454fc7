/**
 * Long indexing loops run inside the web server (start-up, watcher, uploads): they hand the event loop a
 * turn every few milliseconds, so requests are answered while a corpus is parsed, tokenised and written.
 * Awaiting a resolved promise is not enough (microtasks run before any I/O): only a macrotask lets it in.
 */
import { setImmediate as nextMacrotask } from 'node:timers/promises';

/** Work done between two turns of the event loop, at most (a request waits no longer than this). */
const SLICE_MS = 20;

/** Returns a function to call between items of work: it yields when the current slice is used up. */
export function cooperative(sliceMs = SLICE_MS): () => Promise<void> {
  let sliceStart = performance.now();
  return async () => {
    if (performance.now() - sliceStart < sliceMs) return;
    await nextMacrotask();
    sliceStart = performance.now();
  };
}
