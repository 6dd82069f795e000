import { cycleOfPeriod, type Period } from './timeAxis.js';

export type ActualStatus = 'preliminary' | 'final';

/** One report of a value for a period, as the ledger holds it (corrections are newer reports). */
export interface ReportedActual {
  readonly period: Period;
  readonly value: number;
  readonly status: ActualStatus;
  readonly reportedAt: Date;
  /** For KPIs made of components (e.g. exports and inbound food consumption). */
  readonly component?: string;
  /** A retraction withdraws the period's value (until a newer report). */
  readonly retracted?: boolean;
}

export interface EffectiveActual {
  readonly period: Period;
  readonly value: number;
  readonly status: ActualStatus;
  readonly reportedAt: Date;
}

/**
 * The value that counts for each period: the newest report wins, so a final figure replaces an older
 * preliminary one, and a newer preliminary figure is shown as preliminary (速報). A retraction that is
 * the newest report leaves the period without a value. Sorted by period.
 */
export function effectiveSeries(reports: readonly ReportedActual[], component?: string): EffectiveActual[] {
  const newest = new Map<Period, ReportedActual>();
  for (const report of reports) {
    if (report.component !== component) continue;
    const current = newest.get(report.period);
    if (!current || report.reportedAt.getTime() >= current.reportedAt.getTime()) newest.set(report.period, report);
  }
  return [...newest.values()]
    .filter((r) => !r.retracted)
    .map(({ period, value, status, reportedAt }) => ({ period, value, status, reportedAt }))
    .sort((a, b) => cycleOfPeriod(a.period) - cycleOfPeriod(b.period) || a.period.localeCompare(b.period));
}

/** The series restricted to what a cycle can know: periods that belong to that cycle or earlier ones. */
export function upToCycle<T extends { period: Period }>(series: readonly T[], cycle: number): T[] {
  return series.filter((a) => cycleOfPeriod(a.period) <= cycle);
}
