/**
 * Japanese fiscal years (年度) run from 1 April to 31 March: FY2025 = 2025-04-01 … 2026-03-31.
 * A PDCA cycle is one fiscal year. Dates are compared as calendar dates in Japan (UTC+9, no DST).
 */
export type FiscalYear = number;

const JST_OFFSET_MS = 9 * 60 * 60 * 1000;
const REIWA_START = 2019;

/** The fiscal year a moment falls in, judged by the date in Japan. */
export function fiscalYearOf(moment: Date): FiscalYear {
  const jst = new Date(moment.getTime() + JST_OFFSET_MS);
  const year = jst.getUTCFullYear();
  return jst.getUTCMonth() < 3 ? year - 1 : year;
}

/** First and last instant of a fiscal year, as [start, end) in UTC. */
export function fiscalYearBounds(fy: FiscalYear): { start: Date; end: Date } {
  return {
    start: new Date(Date.UTC(fy, 3, 1) - JST_OFFSET_MS),
    end: new Date(Date.UTC(fy + 1, 3, 1) - JST_OFFSET_MS),
  };
}

/** 令和 year of a Western year (令和元年 = 2019); years before Reiwa are not labelled in this plan. */
export function reiwaYear(year: number): number {
  if (year < REIWA_START) throw new RangeError(`${year} is before 令和 (2019)`);
  return year - REIWA_START + 1;
}

/** The label used in reports: 「2025年度（令和7年度）」. */
export function fiscalYearLabel(fy: FiscalYear): string {
  const reiwa = reiwaYear(fy);
  return `${fy}年度（令和${reiwa === 1 ? '元' : reiwa}年度）`;
}

/** Parses "FY2025" (fiscal) or "CY2025" (calendar) period codes used by the API. */
export function parsePeriod(code: string): { basis: 'fiscal' | 'calendar'; year: number } | undefined {
  const match = /^(FY|CY)(\d{4})$/.exec(code);
  if (!match) return undefined;
  return { basis: match[1] === 'FY' ? 'fiscal' : 'calendar', year: Number(match[2]) };
}

/**
 * The PDCA cycles of the plan: 地方創生2.0's first fiscal year (2025年度) to the end of the latest strategy
 * version (地域未来戦略, 2030年度).
 */
export const PLAN_FIRST_FISCAL_YEAR: FiscalYear = 2025;
export const PLAN_END_FISCAL_YEAR: FiscalYear = 2030;
