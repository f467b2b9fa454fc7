/**
 * A PDF with a text layer → its paragraphs, one per line. pdfjs-dist (Mozilla's PDF.js, the most used PDF
 * reader in JavaScript) reads the text layer; on Node 20 its legacy build runs without a browser, with the
 * worker in the same process and its CMaps and fonts from node_modules — nothing is fetched. A PDF that needs a
 * password, or holds only page images (a scan), is refused with a message saying so.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';
import { type PlacedLine, type PlacedPage, paragraphsOfLines } from './pdf-layout.js';
import type { ExtractedText } from './read-source.js';

const PDFJS_DIR = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
/** Predefined CMaps decode Chinese fonts that use a GB or Unicode encoding instead of their own (Adobe-GB1). */
const CMAP_URL = `${path.join(PDFJS_DIR, 'cmaps')}/`;
const STANDARD_FONTS_URL = `${path.join(PDFJS_DIR, 'standard_fonts')}/`;

/** Fewest letters a page needs for it to count as having text (a scan may carry a stray mark or page number). */
const MIN_PAGE_CHARS = 5;

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | null = null;

/** Loaded on first use: PDF.js is large and most corpora hold no PDF. */
function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjs;
}

/** Groups the text items of a page into placed lines: an item ends its line when PDF.js says so or the baseline moves. */
function placedLines(items: readonly TextItem[]): PlacedLine[] {
  const lines: PlacedLine[] = [];
  let current: PlacedLine | null = null;
  for (const item of items) {
    const [, , , scaleY, x, y] = item.transform as number[];
    const size = Math.abs(scaleY as number) || item.height;
    if (current && Math.abs((y as number) - current.y) > size / 2) {
      lines.push(current);
      current = null;
    }
    if (item.str !== '') {
      if (current) {
        current.text += item.str;
        current.right = Math.max(current.right, (x as number) + item.width);
      } else current = { text: item.str, x: x as number, right: (x as number) + item.width, y: y as number, size };
    }
    if (item.hasEOL && current) {
      lines.push(current);
      current = null;
    }
  }
  if (current) lines.push(current);
  return lines;
}

function letterCount(lines: readonly PlacedLine[]): number {
  return lines.reduce((n, line) => n + (line.text.match(/[\p{L}\p{N}]/gu)?.length ?? 0), 0);
}

/** Reads a PDF (see the module comment). */
export async function readPdf(bytes: Buffer, fileName: string): Promise<ExtractedText> {
  const { getDocument, VerbosityLevel } = await loadPdfJs();
  const task = getDocument({
    data: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength).slice(),
    cMapUrl: CMAP_URL,
    cMapPacked: true,
    standardFontDataUrl: STANDARD_FONTS_URL,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: VerbosityLevel.ERRORS,
  });
  let document;
  try {
    document = await task.promise;
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'PasswordException') {
      return { ok: false, reason: `${fileName} is an encrypted PDF that needs a password to open; save an unprotected copy (or export the text) and index that` };
    }
    if (name === 'InvalidPDFException') return { ok: false, reason: `${fileName} is not a valid PDF (${(error as Error).message}); save or export it again as PDF` };
    throw error;
  }
  try {
    const pages: PlacedPage[] = [];
    const empty: number[] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      const lines = placedLines(content.items.filter((item): item is TextItem => 'str' in item));
      if (letterCount(lines) < MIN_PAGE_CHARS) empty.push(number);
      pages.push({ width: page.view[2] as number, lines });
      page.cleanup();
    }
    if (empty.length === document.numPages) {
      return {
        ok: false,
        reason: `${fileName} 是扫描件，无文字层: its ${document.numPages} page${document.numPages === 1 ? '' : 's'} hold only images, no text; run OCR on it (for example ocrmypdf -l chi_sim) or index the text as .txt/.docx`,
      };
    }
    const warnings =
      empty.length > 0 ? [`page${empty.length === 1 ? '' : 's'} ${empty.join(', ')} of ${document.numPages} have no text layer (scanned?); their text is missing from the index`] : [];
    return { ok: true, text: paragraphsOfLines(pages), warnings };
  } finally {
    await document.destroy();
  }
}
