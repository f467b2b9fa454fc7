/**
 * A Word document (`.docx`) → its paragraphs, one per line. mammoth (maintained, no native parts) turns the
 * document into semantic HTML — paragraphs, headings, list items, tables — and the shared HTML walker writes
 * the lines, so a .docx ends in the same text as a web page or a .txt of the same document.
 */
import * as cheerio from 'cheerio';
import type { AnyNode } from 'domhandler';
import mammoth from 'mammoth';
import { htmlLines } from './html-text.js';
import type { ExtractedText } from './read-source.js';

/** A .docx is a zip archive: its first bytes are the local file header `PK\x03\x04`. */
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/** An OLE compound file: a Word 97–2003 .doc, or a .docx that Word encrypted with a password. */
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** Reads a Word document (see the module comment). */
export async function readDocx(bytes: Buffer, fileName: string): Promise<ExtractedText> {
  if (bytes.length === 0) return { ok: false, reason: `${fileName} is empty (0 bytes)` };
  if (bytes.subarray(0, OLE_MAGIC.length).equals(OLE_MAGIC)) {
    return {
      ok: false,
      reason: `${fileName} is not a .docx but an old Word .doc or a password-protected document; remove the password and save it as .docx (Word or LibreOffice: 另存为 → .docx)`,
    };
  }
  if (!bytes.subarray(0, ZIP_MAGIC.length).equals(ZIP_MAGIC)) {
    return { ok: false, reason: `${fileName} is not a Word .docx file (a .docx is a zip archive; this file is not one); open it in Word or LibreOffice and save it as .docx` };
  }
  let html: string;
  try {
    // Empty paragraphs are kept: they separate blocks the way blank lines do in a .txt.
    html = (await mammoth.convertToHtml({ buffer: bytes }, { ignoreEmptyParagraphs: false })).value;
  } catch (error) {
    return { ok: false, reason: `${fileName} is a zip archive but not a readable Word document (${(error as Error).message.split('\n')[0]}); save it again as .docx` };
  }
  const $ = cheerio.load(html);
  const lines = htmlLines($.root()[0] as AnyNode);
  if (lines.every((line) => line.trim() === '')) return { ok: false, reason: `${fileName} is a Word document without text` };
  return { ok: true, text: `${lines.join('\n')}\n`, warnings: [] };
}
