/**
 * Turns the bytes of a source file into text, or refuses with a message that says what is wrong and how to
 * fix it. Chinese government texts often come in GB18030/GBK rather than UTF-8: those are detected and
 * decoded. Pure: takes a Buffer, touches no file.
 */
import iconv from 'iconv-lite';

/** Largest source file accepted. The biggest real text is 40 KB; 5 MiB leaves room and stops runaway files. */
export const MAX_BYTES = 5 * 1024 * 1024;

/**
 * Control bytes a text file may carry (a DOS end-of-file mark left by an old editor, say): up to
 * 0.5 % of its bytes, and always a couple. Binary data has far more: about one byte in eight.
 */
const MAX_CONTROL_SHARE = 0.005;
const MAX_CONTROL_BYTES_ALWAYS_ALLOWED = 2;
/** Share of non-ASCII characters that must be Chinese for a GB18030 decoding to be believed. */
const MIN_CJK_SHARE = 0.9;

export type DecodedSource =
  | { ok: true; text: string; encoding: 'utf-8' | 'gb18030'; warnings: string[] }
  | { ok: false; reason: string };

function mebibytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** Control characters that have no place in a text file (tab, newlines and form feed are fine). */
function isControl(code: number): boolean {
  return (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d && code !== 0x0c) || code === 0x7f;
}

function controlCount(bytes: Buffer): number {
  let count = 0;
  for (const byte of bytes) if (isControl(byte)) count++;
  return count;
}

/** Han characters, CJK punctuation, full-width forms and the general punctuation Chinese text uses (“”—…). */
function isCjk(code: number): boolean {
  return (
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x3000 && code <= 0x303f) ||
    (code >= 0xff00 && code <= 0xffef) ||
    (code >= 0x2000 && code <= 0x206f) ||
    code === 0x25cb // ○, written for zero in dates
  );
}

/** True when a decoding is clean and reads as Chinese: no replacement characters and mostly CJK beyond ASCII. */
function looksLikeChinese(text: string): boolean {
  if (text.includes('\uFFFD')) return false;
  let nonAscii = 0;
  let cjk = 0;
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if (code < 0x80) continue;
    nonAscii++;
    if (isCjk(code)) cjk++;
  }
  return cjk > 0 && cjk >= nonAscii * MIN_CJK_SHARE;
}

function decodeUtf8(bytes: Buffer): string | null {
  try {
    // `fatal` makes invalid sequences throw instead of turning into U+FFFD; the BOM is dropped.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

function stripControls(text: string, warnings: string[]): string {
  const cleaned = text.replace(/[\u0000-\u0008\u000B\u000E-\u001F\u007F]/gu, '');
  const removed = text.length - cleaned.length;
  if (removed > 0) warnings.push(`removed ${removed} stray control character${removed === 1 ? '' : 's'}`);
  return cleaned;
}

/**
 * Decodes a source file's bytes. Refuses, with a reason naming the file, files that are empty, larger than
 * `MAX_BYTES`, binary (NUL bytes or many control bytes), UTF-16, or neither UTF-8 nor Chinese GB18030 text.
 */
export function decodeSourceFile(bytes: Buffer, fileName: string): DecodedSource {
  if (bytes.length === 0) return { ok: false, reason: `${fileName} is empty (0 bytes)` };
  if (bytes.length > MAX_BYTES) {
    return {
      ok: false,
      reason: `${fileName} is ${bytes.length} bytes (${mebibytes(bytes.length)}), larger than the ${mebibytes(MAX_BYTES)} limit for one source file; split it into smaller files`,
    };
  }
  const bom16 = bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
  if (bom16) return { ok: false, reason: `${fileName} is UTF-16 encoded; save it as UTF-8` };
  if (bytes.includes(0)) return { ok: false, reason: `${fileName} is binary (contains NUL bytes), not a text file` };
  const controls = controlCount(bytes);
  if (controls > Math.max(MAX_CONTROL_BYTES_ALWAYS_ALLOWED, bytes.length * MAX_CONTROL_SHARE)) {
    return { ok: false, reason: `${fileName} is binary (${controls} control bytes in ${bytes.length}), not a text file` };
  }

  const warnings: string[] = [];
  const utf8 = decodeUtf8(bytes);
  let text: string;
  let encoding: 'utf-8' | 'gb18030';
  if (utf8 !== null) {
    text = utf8;
    encoding = 'utf-8';
  } else {
    const gb = iconv.decode(bytes, 'gb18030');
    if (!looksLikeChinese(gb)) {
      return {
        ok: false,
        reason: `${fileName} is neither UTF-8 nor Chinese text in GB18030/GBK; convert it to UTF-8 (e.g. iconv -f <encoding> -t UTF-8)`,
      };
    }
    text = gb;
    encoding = 'gb18030';
    warnings.push('decoded as GB18030 (the file is not UTF-8); saving it as UTF-8 is recommended');
  }
  text = stripControls(text.replace(/^\uFEFF/u, ''), warnings);
  if (text.trim() === '') return { ok: false, reason: `${fileName} contains only whitespace` };
  return { ok: true, text, encoding, warnings };
}
