import { randomUUID } from 'node:crypto';
import type { EventStore, NewEvent } from '@pdca/eventstore';

export interface SyntheticOptions {
  /** Synthetic KPIs, defined with a target and an owner among `ministries`. */
  readonly kpis: number;
  /** Fiscal years reported per KPI, from 2021 on. */
  readonly years: number;
  /** Corrections after each report: the bulk of a long-lived ledger. */
  readonly correctionsPerPeriod: number;
  /** Every how many periods one is retracted (0: never). */
  readonly retractEvery?: number;
  /** Synthetic roadmap items, each with `milestoneReportsPerYear` status reports every year. */
  readonly roadmapItems?: number;
  readonly milestoneReportsPerYear?: number;
  readonly ministries?: readonly string[];
  /** Parallel appenders. */
  readonly writers?: number;
  readonly onProgress?: (appended: number) => void;
}

const meta = (ministry: string) => ({
  actor: 'synthetic',
  actorName: `submitter-${ministry}`,
  role: 'submitter',
  ministry,
  onBehalfOf: null,
  requestId: randomUUID(),
  idempotencyKey: null,
  note: null,
  occurredAt: '2026-01-01T00:00:00.000Z',
  schemaVersion: 1,
});

/**
 * A ledger shaped like years of real use: KPIs with targets and owners, each year's report followed by
 * corrections (preliminary → final), some retractions, cycles opened and closed. Deterministic values,
 * so two runs build the same read models.
 */
export async function appendSyntheticLedger(store: EventStore, options: SyntheticOptions): Promise<number> {
  const ministries = options.ministries ?? ['MLIT', 'MAFF', 'METI', 'MHLW', 'MEXT', 'JTA'];
  const firstYear = 2021;
  let appended = 0;
  const append = async (streamId: string, events: NewEvent[]) => {
    await store.append(streamId, events, { expectedVersion: 'any' });
    appended += events.length;
    options.onProgress?.(appended);
  };
  const kpiId = (k: number) => `kpi-synthetic-${k}`;
  const ministryOf = (k: number) => ministries[k % ministries.length]!;
  const work: (() => Promise<void>)[] = [];
  for (let k = 0; k < options.kpis; k++) {
    const id = kpiId(k);
    const facet = (facetName: string, type: string, value: unknown): NewEvent => ({
      id: randomUUID(),
      type,
      data: { kind: 'kpi', id, facet: facetName, value, seedHash: `synthetic-${facetName}` } as never,
      metadata: { actor: 'seed', schemaVersion: 1 },
    });
    work.push(() =>
      append(id, [
        facet('definition', 'KpiDefined', { id, level: 'output', parent: 'unit-a.u1', name: `合成KPI ${k}` }),
        facet('target', 'KpiTargetSet', {
          form: { kind: 'absolute', quantity: { value: 2000 + k, scale: 'one', unit: '件' }, comparator: 'gte' },
          polarity: 'increase',
          due: { basis: 'fiscal_year', year: 2030 },
          raw: `${2000 + k}件（2030年度）`,
        }),
        facet('baseline', 'KpiBaselineSet', { value: 1000, at: { basis: 'fiscal_year', year: 2020 } }),
        facet('owner', 'KpiOwnerAssigned', { provenance: 'stated', ministry: ministryOf(k) }),
      ]),
    );
  }
  for (let year = firstYear; year < firstYear + options.years; year++) {
    for (let k = 0; k < options.kpis; k++) {
      const id = kpiId(k);
      const period = `FY${year}`;
      const ministry = ministryOf(k);
      const base = 1000 + (year - 2020) * (100 + (k % 50));
      const events: NewEvent[] = [
        {
          id: randomUUID(),
          type: 'KpiActualReported',
          data: { kpiId: id, period, component: null, value: base, status: 'preliminary', source: null, note: null },
          metadata: meta(ministry),
        },
      ];
      for (let c = 1; c <= options.correctionsPerPeriod; c++)
        events.push({
          id: randomUUID(),
          type: 'KpiActualCorrected',
          data: {
            kpiId: id,
            period,
            component: null,
            value: base + c,
            previousValue: base + c - 1,
            status: c === options.correctionsPerPeriod ? 'final' : 'preliminary',
            reason: `再集計 ${c}`,
          },
          metadata: meta(ministry),
        });
      const n = (year - firstYear) * options.kpis + k;
      if (options.retractEvery && n % options.retractEvery === 0)
        events.push({
          id: randomUUID(),
          type: 'KpiActualRetracted',
          data: { kpiId: id, period, component: null, previousValue: base, reason: '誤報告' },
          metadata: meta(ministry),
        });
      work.push(() => append(`actual-${id}@${period}`, events));
    }
    for (let r = 0; r < (options.roadmapItems ?? 0); r++) {
      const itemId = `roadmap-synthetic.r${r}`;
      const statuses = ['not_started', 'in_progress', 'delayed', 'in_progress', 'completed'];
      const reports = options.milestoneReportsPerYear ?? 1;
      const events: NewEvent[] = Array.from({ length: reports }, (_, i) => ({
        id: randomUUID(),
        type: 'MilestoneStatusReported',
        data: {
          itemId,
          fiscalYear: year,
          status: statuses[Math.min(statuses.length - 1, Math.floor((i * statuses.length) / reports))]!,
          previousStatus: i === 0 ? null : 'in_progress',
          note: `進捗 ${i + 1}`,
          evidenceUrl: null,
        },
        metadata: meta(ministryOf(r)),
      }));
      work.push(() => append(`milestone-${itemId}@FY${year}`, events));
    }
    work.push(() =>
      append(`cycle-FY${year}`, [
        {
          id: randomUUID(),
          type: 'CycleOpened',
          data: { fiscalYear: year, at: `${year}-04-01T00:00:00.000Z`, by: 'secretariat' },
        },
        {
          id: randomUUID(),
          type: 'CycleClosed',
          data: { fiscalYear: year, at: `${year + 1}-06-30T00:00:00.000Z`, by: 'secretariat', reason: '締切' },
        },
      ]),
    );
  }
  for (let r = 0; r < (options.roadmapItems ?? 0); r++) {
    const itemId = `roadmap-synthetic.r${r}`;
    work.unshift(() =>
      append(itemId, [
        {
          id: randomUUID(),
          type: 'RoadmapItemDefined',
          data: {
            kind: 'roadmap_item',
            id: itemId,
            facet: 'definition',
            value: {
              id: itemId,
              kind: 'project',
              name: `合成事業 ${r}`,
              outputUnit: 'unit-a.u3',
              milestones: Array.from({ length: options.years }, (_, y) => ({
                text: `${firstYear + y}年度の取組`,
                fiscalYear: firstYear + y,
              })),
            },
            seedHash: 'synthetic',
          },
        },
        {
          id: randomUUID(),
          type: 'RoadmapItemOwnerAssigned',
          data: {
            kind: 'roadmap_item',
            id: itemId,
            facet: 'owner',
            value: { provenance: 'stated', ministry: ministryOf(r) },
            seedHash: 'synthetic',
          },
        },
      ]),
    );
  }
  // Definitions first: a report of an undefined KPI or roadmap item would not be realistic.
  const definitions = work.splice(0, options.kpis + (options.roadmapItems ?? 0));
  await runAll(definitions, options.writers ?? 8);
  await runAll(work, options.writers ?? 8);
  return appended;
}

async function runAll(tasks: (() => Promise<void>)[], writers: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (next < tasks.length) await tasks[next++]!();
    }),
  );
}
