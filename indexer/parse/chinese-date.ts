/**
 * Chinese numerals and dates as policy texts write them: `2015年7月22日`, `（2013年8月25日）`,
 * `二○一○年十二月一日` (signing dates are often set in Chinese numerals), `2018-11-13` in web headers.
 */

/** Digit characters of Chinese numerals. Both 〇 (U+3007) and ○ (U+25CB, a circle that conversions use) mean zero. */
const DIGITS: Readonly<Record<string, number>> = {
  '〇': 0, '○': 0, '零': 0, 'Ｏ': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9,
};
const UNITS: Readonly<Record<string, number>> = { '十': 10, '百': 100, '千': 1000 };

/** Characters a Chinese numeral may consist of (for building patterns). */
export const CHINESE_NUMERAL_CHARS = '〇○零Ｏ一二两三四五六七八九十百千';

/**
 * Value of a Chinese numeral: `十二` → 12, `二十一` → 21, `一百零九` → 109, and digit-by-digit years such as
 * `二○一○` → 2010. Arabic digits are accepted too. Null when the string is not a numeral.
 */
export function chineseNumeralToNumber(numeral: string): number | null {
  if (/^\d+$/.test(numeral)) return Number(numeral);
  const chars = [...numeral];
  if (chars.length === 0 || !chars.every((c) => c in DIGITS || c in UNITS)) return null;
  if (!chars.some((c) => c in UNITS)) {
    // Positional, as years are written: 二○一○.
    return chars.reduce((value, c) => value * 10 + (DIGITS[c] as number), 0);
  }
  let total = 0;
  let pending: number | null = null;
  for (const c of chars) {
    const unit = UNITS[c];
    if (unit === undefined) {
      pending = DIGITS[c] as number;
      continue;
    }
    // A bare unit counts one of it: 十二 is 12.
    total += (pending ?? 1) * unit;
    pending = null;
  }
  return total + (pending ?? 0);
}

function isoDate(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return null; // 2月30日 and the like
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const N = `[\\d${CHINESE_NUMERAL_CHARS}]`;
const CHINESE_DATE = new RegExp(`(${N}{4})\\s*年\\s*(${N}{1,3})\\s*月\\s*(${N}{1,3})\\s*日`, 'u');
const ISO_DATE = /(\d{4})[-./](\d{1,2})[-./](\d{1,2})/;

/**
 * The first date written in `text`, as `YYYY-MM-DD`; null when there is none or it is not a real date.
 * Understands `2015年7月22日`, `二○一○年十二月一日`, `2020 年 8 月 10 日` and `2018-11-13`.
 */
export function parseChineseDate(text: string): string | null {
  const chinese = CHINESE_DATE.exec(text);
  if (chinese) {
    const [year, month, day] = [chinese[1], chinese[2], chinese[3]].map((part) => chineseNumeralToNumber(part as string));
    if (year == null || month == null || day == null) return null;
    return isoDate(year, month, day);
  }
  const iso = ISO_DATE.exec(text);
  if (iso) return isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  return null;
}

const DATE_LINE = new RegExp(`^[（(]?${N}{4}\\s*年\\s*${N}{1,3}\\s*月\\s*${N}{1,3}\\s*日[）)]?$`, 'u');

/** True when the whole line is a date, as a signing date stands under a signature: `2015年7月22日`, `（2013年8月25日）`. */
export function isDateLine(line: string): boolean {
  return DATE_LINE.test(line) && parseChineseDate(line) !== null;
}

/** A line that starts with a full date, then a space, then more: `2021年6月29日 深圳市…通过`. */
const D = `[\\d０-９${CHINESE_NUMERAL_CHARS}]`;
const SPACED_DATE = new RegExp(`^(${D}{4}\\s*年\\s*${D}{1,3}\\s*月\\s*${D}{1,3}\\s*日)[ \\u00A0\\u3000]+(\\S.*)$`, 'u');

/**
 * The date a line starts with and the rest after the space that follows it, or null. In a promulgation
 * history (`2021年6月29日 深圳市第七届人民代表大会常务委员会第二次会议通过`) that space is how the text is written,
 * so the indexer's stray-space repair must not take it for a conversion artefact.
 */
export function spacedDateLine(line: string): { date: string; rest: string } | null {
  const match = SPACED_DATE.exec(line);
  return match ? { date: (match[1] as string).replace(/\s+/gu, ''), rest: match[2] as string } : null;
}
