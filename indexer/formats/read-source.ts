/**
 * One entry point from a source file's bytes to the text the parser reads, whatever the format: the reader is
 * chosen by the file's extension (a table, so the README and the tests can list the formats). Every reader
 * ends in the same plain text as a `.txt` source — one paragraph per line, a web page's metadata table as the
 * `索引号: …` header lines the front matter already reads — or refuses with a message that names the file,
 * says what is wrong and how to fix it. Pure: takes bytes, touches no file.
 */
import path from 'node:path';
import { decodeSourceFile } from '../source-file.js';

/** What a reader gives back: the text to parse, or why there is none. */
export type ExtractedText = { ok: true; text: string; warnings: string[] } | { ok: false; reason: string };

/** A reader of one format. Async because the Word and PDF libraries are. */
export type FormatReader = (bytes: Buffer, fileName: string) => Promise<ExtractedText>;

/** Plain text and Markdown: decoded (UTF-8 or GB18030) as they are. */
async function readPlainText(bytes: Buffer, fileName: string): Promise<ExtractedText> {
  const decoded = decodeSourceFile(bytes, fileName);
  return decoded.ok ? { ok: true, text: decoded.text, warnings: decoded.warnings } : decoded;
}

/**
 * Largest Word or PDF file accepted: office documents carry images and fonts, so more than a text file's
 * 5 MiB (source-file.ts), but a 50 MiB PDF is a scanned book, not a policy.
 */
export const MAX_DOCUMENT_BYTES = 50 * 1024 * 1024;

/** Refuses a Word or PDF file over the size limit before its library reads it. */
function limited(reader: FormatReader): FormatReader {
  return async (bytes, fileName) =>
    bytes.length > MAX_DOCUMENT_BYTES
      ? { ok: false, reason: `${fileName} is ${(bytes.length / 1024 / 1024).toFixed(1)} MiB, larger than the ${MAX_DOCUMENT_BYTES / 1024 / 1024} MiB limit for one document; split it or export its text` }
      : reader(bytes, fileName);
}

/**
 * A reader whose module is imported on first use. cheerio, mammoth and pdfjs-dist take about 0.4 s to import,
 * which every `npm start` and `npm run index` would otherwise pay before its first line, even for a folder of
 * .txt files.
 */
function loadedOnFirstUse(load: () => Promise<FormatReader>): FormatReader {
  let reader: Promise<FormatReader> | undefined;
  return async (bytes, fileName) => (await (reader ??= load()))(bytes, fileName);
}

const readHtmlPage = loadedOnFirstUse(async () => (await import('./html.js')).readHtmlPage);
const readDocx = loadedOnFirstUse(async () => (await import('./docx.js')).readDocx);
const readPdf = loadedOnFirstUse(async () => (await import('./pdf.js')).readPdf);

/** Readers by lower-case file extension. */
export const FORMAT_READERS: ReadonlyMap<string, FormatReader> = new Map([
  ['.txt', readPlainText],
  ['.md', readPlainText],
  ['.html', readHtmlPage],
  ['.htm', readHtmlPage],
  ['.docx', limited(readDocx)],
  ['.pdf', limited(readPdf)],
]);

/** File endings the indexer reads from SEEDS_DIR. */
export const SOURCE_EXTENSIONS: readonly string[] = [...FORMAT_READERS.keys()];

/** True when the indexer has a reader for this file name. */
export function isSourceFile(fileName: string): boolean {
  return FORMAT_READERS.has(path.extname(fileName).toLowerCase());
}

/** The text of a source file, read with the reader its extension names. */
export async function readSourceText(bytes: Buffer, fileName: string): Promise<ExtractedText> {
  const reader = FORMAT_READERS.get(path.extname(fileName).toLowerCase());
  if (!reader) return { ok: false, reason: `${fileName} has no reader: the indexer reads ${SOURCE_EXTENSIONS.join(', ')} files` };
  try {
    return await reader(bytes, fileName);
  } catch (error) {
    // A library failing in a way its reader did not foresee still costs only this file.
    return { ok: false, reason: `${fileName} could not be read: ${(error as Error).message}` };
  }
}
