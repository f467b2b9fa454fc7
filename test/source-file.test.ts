import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { MAX_BYTES, decodeSourceFile } from '../indexer/source-file.js';

const NOTICE = '深圳市人民政府关于印发深圳国家自主创新示范区建设实施方案的通知\n各区人民政府，市政府直属各单位：\n';

describe('decodeSourceFile', () => {
  it('decodes UTF-8 text and drops its byte order mark', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(NOTICE, 'utf8')]);
    expect(decodeSourceFile(bytes, 'notice.txt')).toEqual({ ok: true, text: NOTICE, encoding: 'utf-8', warnings: [] });
  });

  it('detects GB18030-encoded Chinese and decodes it, with a warning', () => {
    const bytes = iconv.encode(`${NOTICE}（二○一○年十二月一日）`, 'gb18030');
    expect(decodeSourceFile(bytes, 'gbk.txt')).toEqual({
      ok: true,
      text: `${NOTICE}（二○一○年十二月一日）`,
      encoding: 'gb18030',
      warnings: ['decoded as GB18030 (the file is not UTF-8); saving it as UTF-8 is recommended'],
    });
  });

  it('refuses an empty file', () => {
    expect(decodeSourceFile(Buffer.alloc(0), 'empty.txt')).toEqual({ ok: false, reason: 'empty.txt is empty (0 bytes)' });
    expect(decodeSourceFile(Buffer.from(' \n\u3000\n', 'utf8'), 'blank.txt')).toEqual({
      ok: false,
      reason: 'blank.txt contains only whitespace',
    });
  });

  it('refuses binary data', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    expect(decodeSourceFile(png, 'scan.txt')).toEqual({ ok: false, reason: 'scan.txt is binary (contains NUL bytes), not a text file' });
    const controls = Buffer.from(Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 0x01 : 0x41)));
    expect(decodeSourceFile(controls, 'data.txt')).toEqual({
      ok: false,
      reason: 'data.txt is binary (67 control bytes in 200), not a text file',
    });
  });

  it('refuses UTF-16 with a hint to save it as UTF-8', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(NOTICE, 'utf16le')]);
    expect(decodeSourceFile(bytes, 'utf16.txt')).toEqual({ ok: false, reason: 'utf16.txt is UTF-16 encoded; save it as UTF-8' });
  });

  it('refuses bytes that are neither UTF-8 nor Chinese GB18030', () => {
    const latin1 = Buffer.from('Café déjà vu, naïve façade. Résumé à la carte.', 'latin1');
    expect(decodeSourceFile(latin1, 'latin1.txt')).toEqual({
      ok: false,
      reason: 'latin1.txt is neither UTF-8 nor Chinese text in GB18030/GBK; convert it to UTF-8 (e.g. iconv -f <encoding> -t UTF-8)',
    });
  });

  it('refuses a file over the size limit, giving its size and the limit', () => {
    const big = Buffer.alloc(MAX_BYTES + 1024 * 1024, 0x41);
    expect(decodeSourceFile(big, 'huge.txt')).toEqual({
      ok: false,
      reason: 'huge.txt is 6291456 bytes (6.0 MiB), larger than the 5.0 MiB limit for one source file; split it into smaller files',
    });
    expect(decodeSourceFile(Buffer.alloc(MAX_BYTES, 0x41), 'limit.txt').ok).toBe(true);
  });

  it('removes a stray control character from an otherwise good text, and says so', () => {
    const bytes = Buffer.from(`${NOTICE}\u001a`, 'utf8');
    expect(decodeSourceFile(bytes, 'dos.txt')).toEqual({
      ok: true,
      text: NOTICE,
      encoding: 'utf-8',
      warnings: ['removed 1 stray control character'],
    });
  });
});
