import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from './indexer/parse/parse-document.js';
import { legislationFiles, legislationDir } from './test/utils/legislation.js';
const dir = legislationDir();
const texts = legislationFiles(dir).map((rel) => ({ t: readFileSync(path.join(dir, rel), 'utf8'), n: path.basename(rel) }));
const t0 = performance.now();
for (const { t, n } of texts) parseDocument(t, n);
console.log('parse ms', Math.round(performance.now() - t0));
