/**
 * How the lines of a PDF's text layer become paragraphs: what ends a paragraph, what continues one, and what
 * is not text at all (page numbers).
 */
import { describe, expect, it } from 'vitest';
import { type PlacedLine, paragraphsOfLines } from '../indexer/formats/pdf-layout.js';

const SIZE = 12;
const LEFT = 56;
const MARGIN = 536; // 40 characters of 12 pt

/** A line at row `row` of a page (16 pt pitch), `chars` characters wide, indented by `indent` characters. */
function line(text: string, row: number, { indent = 0, chars = [...text].length }: { indent?: number; chars?: number } = {}): PlacedLine {
  const x = LEFT + indent * SIZE;
  return { text, x, right: x + chars * SIZE, y: 800 - row * 16, size: SIZE };
}

const full = (text: string, row: number) => line(text, row, { chars: 40 });
const page = (...lines: PlacedLine[]) => ({ width: 595, lines });

describe('PDF lines to paragraphs', () => {
  it('joins a line that reaches the right margin to the next, and ends the paragraph at a short line', () => {
    const text = paragraphsOfLines([
      page(full('第一条 为了规范数据处理活动，保护自然人、法人和非法人组织的合法', 0), line('权益，制定本条例。', 1), line('第二条 本条例适用于本市。', 2)),
    ]);
    expect(text).toBe('第一条 为了规范数据处理活动，保护自然人、法人和非法人组织的合法权益，制定本条例。\n第二条 本条例适用于本市。\n');
  });

  it('starts a paragraph at an indented line even when the line above is full', () => {
    const text = paragraphsOfLines([page(full('一段话的最后一行正好写满了整行。', 0), line('下一段开头缩进两个字。', 1, { indent: 2 }))]);
    expect(text).toBe('一段话的最后一行正好写满了整行。\n下一段开头缩进两个字。\n');
  });

  it('starts a paragraph at an article or item after a full line that ends a sentence', () => {
    const text = paragraphsOfLines([page(full('（一）重要机构、重要会议旧址；', 0), line('（二）重要人物故居。', 1))]);
    expect(text).toBe('（一）重要机构、重要会议旧址；\n（二）重要人物故居。\n');
  });

  it('continues a paragraph over a page break, and drops the page numbers at the foot of the page', () => {
    const first = page(full('深入贯彻落实党的十八大以来中央各项决策部署，围绕', 0), { text: '— 1 —', x: 280, right: 316, y: 40, size: SIZE });
    const second = page(line('“四个全面”战略部署。', 0));
    expect(paragraphsOfLines([first, second])).toBe('深入贯彻落实党的十八大以来中央各项决策部署，围绕“四个全面”战略部署。\n');
  });

  it('drops a bare page number centred on the page, but keeps a figure of a table at the foot of a page', () => {
    const centred = { text: '2', x: 294, right: 300, y: 40, size: SIZE };
    const figure = { text: '9500', x: LEFT, right: LEFT + 24, y: 60, size: SIZE };
    expect(paragraphsOfLines([page(line('专利申请量（件）', 0), figure), page(line('10000', 0), centred)])).toBe('专利申请量（件）\n9500\n10000\n');
    // A text of short lines only has no full line: nothing is joined.
    expect(paragraphsOfLines([page(line('2012年', 0), line('2013年', 1), line('2015年', 2))])).toBe('2012年\n2013年\n2015年\n');
  });

  it('keeps a space between Latin words split over two lines', () => {
    const text = paragraphsOfLines([page(line('参加 SI', 0, { chars: 40 }), line('WORLD 展会。', 1))]);
    expect(text).toBe('参加 SI WORLD 展会。\n');
  });

  it('starts a paragraph after a wider gap than the line pitch', () => {
    const below = { ...full('第二段的第一行写满了', 0), y: 800 - 16 - 40 };
    const lines = [full('第一段的第一行写满了', 0), full('第一段的最后一行写满了', 1), below, { ...line('第二段完。', 0), y: below.y - 16 }];
    expect(paragraphsOfLines([page(...lines)])).toBe('第一段的第一行写满了第一段的最后一行写满了\n第二段的第一行写满了第二段完。\n');
  });
});
