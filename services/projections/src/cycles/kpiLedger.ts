import {
  assess,
  cycleOfPeriod,
  effectiveSeries,
  kpiContextFrom,
  PLAN_END_FISCAL_YEAR,
  PLAN_FIRST_FISCAL_YEAR,
  upToCycle,
  type Baseline,
  type CatalogEntryState,
  type Period,
  type ReportedActual,
  type Target,
} from '@pdca/domain';
import type { CyclesDb } from './tables.js';

/** One actual event of a KPI as the projection keeps it (a row of `reports`), with its position as a number. */
export type ReportRow = Omit<CyclesDb['reports'], 'position'> & { position: number };

/** What the projection holds in memory per KPI while it works: its catalog facets and every report. */
export interface KpiLedger {
  readonly kpiId: string;
  entry: CatalogEntryState;
  reports: ReportRow[];
  /** The last catalog event of the KPI; a row's position is its last event's, whatever the batching. */
  catalogPosition: number;
}

const planCycles = (): number[] =>
  Array.from({ length: PLAN_END_FISCAL_YEAR - PLAN_FIRST_FISCAL_YEAR + 1 }, (_, i) => PLAN_FIRST_FISCAL_YEAR + i);
export const PLAN_CYCLES: readonly number[] = planCycles();

export function kpiRow(ledger: KpiLedger) {
  const { facets } = ledger.entry;
  const definition = facets.definition?.value as { name?: string; level?: string; parent?: string } | undefined;
  const context = kpiContextFrom(ledger.kpiId, ledger.entry, PLAN_END_FISCAL_YEAR);
  const target = facets.target?.value as Target | undefined;
  return {
    kpi_id: ledger.kpiId,
    name: definition?.name ?? null,
    level: definition?.level ?? null,
    parent: definition?.parent ?? null,
    owner_ministry: context?.ownerMinistry ?? null,
    period_basis: context?.periodBasis ?? null,
    years_from: context?.years.from ?? null,
    years_to: context?.years.to ?? null,
    target_form: target?.form.kind ?? null,
    definition: json(facets.definition?.value),
    target: json(facets.target?.value),
    baseline: json(facets.baseline?.value),
    owner: json(facets.owner?.value),
    position: ledger.catalogPosition,
  };
}

const reported = (rows: readonly ReportRow[]): ReportedActual[] =>
  rows.map((r) => ({
    period: r.period as Period,
    value: r.value ?? 0,
    status: (r.status ?? 'preliminary') as 'preliminary' | 'final',
    reportedAt: r.recorded_at,
    ...(r.component !== '' && { component: r.component }),
    ...(r.retracted && { retracted: true }),
  }));

/** The actual that counts for each (period, component), with who reported it and how often it changed. */
export function actualRows(ledger: KpiLedger, keys?: ReadonlySet<string>) {
  const groups = new Map<string, ReportRow[]>();
  for (const r of ledger.reports) {
    const key = `${r.period}#${r.component}`;
    if (keys && !keys.has(key)) continue;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((rows) => {
    const first = rows[0]!;
    const [counted] = effectiveSeries(reported(rows), first.component === '' ? undefined : first.component);
    const by =
      counted && rows.findLast((r) => r.recorded_at.getTime() === counted.reportedAt.getTime() && !r.retracted);
    const last = rows.at(-1)!;
    const source = by ?? last;
    return {
      kpi_id: ledger.kpiId,
      period: first.period,
      component: first.component,
      value: counted?.value ?? null,
      status: counted?.status ?? null,
      retracted: !counted,
      reported_by: source.actor_name,
      reporter_ministry: source.ministry,
      on_behalf_of: source.on_behalf_of,
      reported_at: source.recorded_at,
      first_reported_at: first.recorded_at,
      corrections: rows.filter((r) => r.event_type === 'KpiActualCorrected').length,
      reports: rows.length,
      position: last.position,
    };
  });
}

/** The KPI in each cycle from `fromCycle` on: the cycle's own period, and the assessment then. */
export function kpiCycleRows(ledger: KpiLedger, fromCycle: number) {
  const row = kpiRow(ledger);
  const target = ledger.entry.facets.target?.value as Target | undefined;
  const baselineFacet = ledger.entry.facets.baseline?.value as Baseline | Record<string, Baseline> | undefined;
  const single = baselineFacet && 'value' in baselineFacet ? (baselineFacet as Baseline) : undefined;
  const perComponent = baselineFacet && !single ? (baselineFacet as Record<string, Baseline>) : undefined;
  const reports = reported(ledger.reports);
  const components = [...new Set(ledger.reports.map((r) => r.component))];
  return PLAN_CYCLES.filter((cycle) => cycle >= fromCycle).map((cycle) => {
    const period = `${row.period_basis ?? 'FY'}${cycle}`;
    const own = ledger.reports.filter((r) => r.period === period);
    const known = reports.filter((r) => cycleOfPeriod(r.period) <= cycle);
    const assessment = target
      ? assess({
          target,
          ...(single && { baseline: single }),
          ...(perComponent && { componentBaselines: perComponent }),
          reports: known,
          cycle,
        })
      : { category: 'not_assessable' as const, reason: 'target_pending', explanation: 'no target in the catalog' };
    const series = Object.fromEntries(
      components.map((c) => [
        c,
        upToCycle(effectiveSeries(known, c === '' ? undefined : c), cycle).map((a) => ({
          period: a.period,
          value: a.value,
          status: a.status,
        })),
      ]),
    );
    const current = actualRows({ ...ledger, reports: own }).find((a) => !a.retracted);
    const position = ledger.reports.reduce(
      (max, r) => (cycleOfPeriod(r.period as Period) <= cycle ? Math.max(max, r.position) : max),
      ledger.catalogPosition,
    );
    const inPlan = row.years_from !== null && row.years_to !== null && cycle >= row.years_from && cycle <= row.years_to;
    return {
      cycle,
      kpi_id: ledger.kpiId,
      name: row.name,
      level: row.level,
      parent: row.parent,
      owner_ministry: row.owner_ministry,
      period,
      due: row.owner_ministry !== null && row.target_form !== 'pending' && row.target_form !== null && inPlan,
      submitted: current !== undefined,
      value: current?.value ?? null,
      status: current?.status ?? null,
      reported_by: current?.reported_by ?? null,
      reported_at: current?.reported_at ?? null,
      corrections: own.filter((r) => r.event_type === 'KpiActualCorrected').length,
      category: assessment.category,
      reason: 'reason' in assessment ? (assessment.reason ?? null) : null,
      ratio: 'ratio' in assessment ? (assessment.ratio ?? null) : null,
      method: 'method' in assessment ? (assessment.method ?? null) : null,
      explanation: assessment.explanation,
      latest: 'latest' in assessment && assessment.latest ? JSON.stringify(assessment.latest) : null,
      series: JSON.stringify(series),
      assessment: JSON.stringify(assessment),
      position,
    };
  });
}

const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));
