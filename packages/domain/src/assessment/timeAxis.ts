import type { TargetTime } from './target.js';

/** A reported period: 「FY2025」 is 2025年度 (April 2025 – March 2026), 「CY2025」 is the calendar year 2025. */
export type Period = `FY${number}` | `CY${number}`;

const DAY_MS = 86_400_000;
const YEAR_DAYS = 365.2425;

/**
 * Maps a period onto a PDCA cycle (a fiscal year). The rule for calendar years: CY Y belongs to cycle
 * FY Y, because its last day (31 December Y) falls within 2025年度-style fiscal year Y (April Y – March
 * Y+1). So a calendar-2029 target is judged in the FY2029 cycle.
 */
export function cycleOfPeriod(period: Period): number {
  return Number(period.slice(2));
}

/** The last day a period or target time covers; time differences are measured between these days. */
export function endDate(time: TargetTime | Period): Date | undefined {
  if (typeof time === 'string') {
    const year = Number(time.slice(2));
    return time.startsWith('FY') ? new Date(Date.UTC(year + 1, 2, 31)) : new Date(Date.UTC(year, 11, 31));
  }
  switch (time.basis) {
    case 'calendar_year':
      return new Date(Date.UTC(time.year, 11, 31));
    case 'fiscal_year':
    case 'fiscal_year_end':
      return new Date(Date.UTC(time.year + 1, 2, 31));
    case 'as_of':
      return new Date(`${time.date}T00:00:00Z`);
    case 'range':
      return endDate(time.to);
    case 'none':
      return undefined;
    default: {
      const never: never = time;
      throw new Error(`unknown time basis ${JSON.stringify(never)}`);
    }
  }
}

/** Years from `from` to `to` (fractional), between their end days. */
export function yearsBetween(from: Date, to: Date): number {
  return (to.getTime() - from.getTime()) / DAY_MS / YEAR_DAYS;
}

/** The cycle (fiscal year) a target time falls in, by its end day. */
export function cycleOfTime(time: TargetTime): number | undefined {
  const end = endDate(time);
  if (!end) return undefined;
  return end.getUTCMonth() < 3 ? end.getUTCFullYear() - 1 : end.getUTCFullYear();
}
