/** How a route answers: full page, htmx fragment, or JSON; and the headers that go with each. */
import type { Request, Response } from 'express';
import type { SafeHtml } from '../views/html.js';

/** JSON paths get JSON errors; everything else gets pages. */
export function isApiRequest(req: Request): boolean {
  return req.path === '/api' || req.path.startsWith('/api/');
}

/**
 * True when htmx asks for the element `target` (or, for a prefix ending in `-`, any id starting with it).
 * `HX-Request` alone is not enough: boosted links and history restores send it for whole pages.
 */
export function wantsFragment(req: Request, target: string): boolean {
  if (req.get('HX-Request') !== 'true' || req.get('HX-History-Restore-Request') === 'true') return false;
  const actual = req.get('HX-Target') ?? '';
  return target.endsWith('-') ? actual.startsWith(target) : actual === target;
}

/** Sends HTML; pages that differ by htmx headers say so, so a cache never serves a fragment as a page. */
export function sendHtml(res: Response, body: SafeHtml, status = 200): void {
  res.status(status).vary('HX-Request').vary('HX-Target').type('html').send(body.value);
}

/** Advertises the page's JSON twin (Datasette-style). URLs from urls.ts are ASCII, safe in a header. */
export function linkAlternate(res: Response, jsonHref: string): void {
  res.append('Link', `<${jsonHref}>; rel="alternate"; type="application/json"`);
}

/** Records server-side durations for the browser's devtools and the benchmark. */
export function serverTiming(res: Response, timings: Record<string, number>): void {
  res.set(
    'Server-Timing',
    Object.entries(timings)
      .map(([name, ms]) => `${name};dur=${ms.toFixed(1)}`)
      .join(', '),
  );
}
