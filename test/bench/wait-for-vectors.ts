/** Benchmarks and the eval judge a served index only once semantic search sees all of it. */

/**
 * Waits until every clause of the served index has its vector. The app computes missing vectors in the
 * background after a build, and semantic and hybrid answers leave out the clauses still waiting: judged
 * before that, a fresh legislation index scored semantic questions 0.26 instead of 0.77 (1,728 of 6,557
 * clauses embedded). Prints progress while it waits.
 */
export async function vectorsComplete(base: string, pollMs = 2000): Promise<void> {
  let shownAt = 0;
  for (;;) {
    const body = (await (await fetch(`${base}/api/health`)).json()) as { vectors?: { clauses: number; embedded: number; complete: boolean } | null };
    const v = body.vectors;
    if (v === undefined || v === null || v.complete) return;
    if (Date.now() - shownAt >= 15_000) {
      process.stderr.write(`waiting for clause vectors: ${v.embedded} / ${v.clauses}\n`);
      shownAt = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
