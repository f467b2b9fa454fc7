/**
 * Serves the test app (fixture corpus, embedded engine, hash embedder) on 127.0.0.1:3999 for looking
 * at the pages by hand or taking screenshots: `npx tsx test/utils/serve-fixture.ts`.
 */
import { createTestApp } from './test-app.js';

const PORT = Number(process.argv[2] ?? 3999);
const { app, close } = await createTestApp({ hostile: process.argv.includes('--hostile') });
const server = app.listen(PORT, '127.0.0.1', () => {
  process.stdout.write(`fixture app on http://127.0.0.1:${PORT}/\n`);
});
const stop = () => server.close(() => void close().then(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
