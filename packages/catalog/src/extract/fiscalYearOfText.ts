/**
 * The fiscal year a roadmap cell speaks of, read from the first date in its text: 「2026 年 4 月～」 is
 * FY2026, 「2027 年 1 月」 is FY2026 (January–March belong to the previous fiscal year), 「2028 年度」 is
 * FY2028. Merged cells were lost in the text, so a date beats the column the cell stands in.
 */
export function fiscalYearOfText(text: string): number | undefined {
  const normalised = text
    .replace(/[０-９]/g, (d) => String(d.charCodeAt(0) - 0xff10))
    // 「(2025年度採択分)」 names the adoption cohort, not when the milestone happens.
    .replace(/[（(]\s*\d{4}\s*年度\s*採択\s*分\s*[）)]/g, '');
  const fiscal = normalised.match(/(\d{4})\s*年度/);
  const month = normalised.match(/(\d{4})\s*年\s*(\d{1,2})\s*月/);
  if (month && (!fiscal || normalised.indexOf(month[0]) < normalised.indexOf(fiscal[0]))) {
    const year = Number(month[1]);
    return Number(month[2]) >= 4 ? year : year - 1;
  }
  if (fiscal) return Number(fiscal[1]);
  const year = normalised.match(/(\d{4})\s*年/);
  return year ? Number(year[1]) : undefined;
}
