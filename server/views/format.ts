/** Small display helpers shared by the views: Chinese labels for modes, signals and dates. */
import type { Level } from '../../core/types.js';
import type { SearchMode, Signal } from '../../core/engine/types.js';

export const MODE_LABELS: Record<SearchMode, string> = { keyword: '关键词', semantic: '语义', hybrid: '混合' };
/** Order of the mode switch. */
export const MODES: SearchMode[] = ['keyword', 'semantic', 'hybrid'];
export const MODE_HINTS: Record<SearchMode, string> = {
  keyword: '按字词精确匹配，适合查找具体提法',
  semantic: '按意思查找，措辞不同也能找到',
  hybrid: '字词与意思结合（推荐）',
};

export const SIGNAL_LABELS: Record<Signal, string> = { keyword: '关键词', semantic: '语义' };

export const LEVEL_LABELS: Record<Level, string> = { 国家: '国家级', 省: '省级', 市: '市级', 区: '区级' };
/** CSS class suffix of each level's badge. */
export const LEVEL_CLASSES: Record<Level, string> = { 国家: 'national', 省: 'province', 市: 'city', 区: 'district' };

/** `2015-07-22` → `2015年7月22日`; other strings pass through. */
export function formatDate(date: string | null | undefined): string {
  if (!date) return '';
  const m = date.match(/^(\d{4})-(\d{2})-(\d{2})$/);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : date;
}

/** A similarity or score in [0, 1] as a whole percentage. */
export function formatPercent(value: number): string {
  return `${Math.round(Math.max(0, Math.min(1, value)) * 100)}%`;
}

/** The heading path shown above a clause, outermost first. */
export function formatPath(path: readonly string[]): string {
  return path.map((p) => p.replace(/^[#\s\u3000]+/, '')).join(' › ');
}

/** Numbers with thousands separators, as Chinese UIs print them. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** How long something will still take, in words: `约 5 小时`, `约 20 分钟`, `不到 1 分钟`. */
export function formatRemaining(seconds: number): string {
  if (seconds < 60) return '不到 1 分钟';
  if (seconds < 3600) return `约 ${Math.round(seconds / 60)} 分钟`;
  return `约 ${formatCount(Math.round(seconds / 3600))} 小时`;
}

/** The vector coverage line: `语义索引 12,340 / 320,512 条 · 约 5 小时` (the estimate left out when unknown). */
export function formatCoverage(c: { clauses: number; embedded: number; etaSeconds: number | null }): string {
  const line = `语义索引 ${formatCount(c.embedded)} / ${formatCount(c.clauses)} 条`;
  return c.etaSeconds === null || c.embedded >= c.clauses ? line : `${line} · ${formatRemaining(c.etaSeconds)}`;
}
