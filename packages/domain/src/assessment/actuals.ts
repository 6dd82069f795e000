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
 * The value that counts for each period: the newest final figure (確報) if there is one, otherwise the
 * newest preliminary one (速報), shown as preliminary. So a final figure replaces an older preliminary,
 * and a preliminary sent after a final does not replace it. A retraction newer than the counted report
 * leaves the period without a value. Sorted by period.
 */
export function effectiveSeries(reports: readonly ReportedActual[], component?: string): EffectiveActual[] {
  const byPeriod = new Map<Period, ReportedActual[]>();
  for (const report of reports) {
    if (report.component !== component) continue;
    byPeriod.set(report.period, [...(byPeriod.get(report.period) ?? []), report]);
  }
  const counted: EffectiveActual[] = [];
  for (const [period, all] of byPeriod) {
    const newest = (list: ReportedActual[]) =>
      list.reduce<ReportedActual | undefined>(
        (a, b) => (!a || b.reportedAt.getTime() >= a.reportedAt.getTime() ? b : a),
        undefined,
      );
    const lastRetraction = newest(all.filter((r) => r.retracted));
    const values = all.filter((r) => !r.retracted && (!lastRetraction || r.reportedAt > lastRetraction.reportedAt));
    const chosen = newest(values.filter((r) => r.status === 'final')) ?? newest(values);
    if (chosen) counted.push({ period, value: chosen.value, status: chosen.status, reportedAt: chosen.reportedAt });
  }
  return counted.sort((a, b) => cycleOfPeriod(a.period) - cycleOfPeriod(b.period) || a.period.localeCompare(b.period));
}

/** The series restricted to what a cycle can know: periods that belong to that cycle or earlier ones. */
export function upToCycle<T extends { period: Period }>(series: readonly T[], cycle: number): T[] {
  return series.filter((a) => cycleOfPeriod(a.period) <= cycle);
}
