/**
 * A short policy text in the seeds' format — the saved page's address, the metadata header lines, then
 * clauses numbered 一、二、… — for tests that add documents to a folder or upload them.
 */
export function policyText(title: string, docNumber: string, clauses: string[], { signed = false } = {}): string {
  const signature = signed ? '\n深圳市科技创新委员会\n2021年3月1日\n' : '';
  return `http://www.sz.gov.cn/example/${encodeURIComponent(docNumber)}.htm
发布机构: 深圳市科技创新委员会
发布日期: 2021-03-01
信息名称: ${title}
文   号: ${docNumber}

${clauses.map((c, i) => `${'一二三四五六七八九十'[i]}、${c}`).join('\n')}
${signature}`;
}
