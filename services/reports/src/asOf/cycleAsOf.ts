import {
  cycleStreamId,
  evolveCycle,
  foldEntry,
  initialCycleState,
  isCatalogEntryEvent,
  type Category,
  type CycleEvent,
} from '@pdca/domain';
import { readStreamOrEmpty, type EventStore, type RecordedEvent } from '@pdca/eventstore';
import { kpiCycleRows, type ReportRow } from '@pdca/projections/kpiLedger';
import { sql } from 'kysely';
import type { ReadModels } from '../readModels/readModels.js';
import { eventsUntil, streamUntil, type Moment } from './moment.js';

export interface CycleAsOf {
  readonly rows: ReturnType<typeof kpiCycleRows>;
  readonly lineage: Map<string, { outcome_id: string | null; impact_id: string | null }>;
  readonly resolvedPosition: number;
}

/**
 * Every KPI of a cycle as the per-cycle read model held it at a past moment, computed the way the
 * projection computes it: KPI definitions from the log up to then, and the reports of periods up to the
 * cycle recorded by then. The logic-model lineage (impact, outcome) is today's.
 */
export async function cycleAsOf(
  models: ReadModels,
  store: EventStore,
  cycle: number,
  moment: Moment,
): Promise<CycleAsOf> {
  const catalog = (await eventsUntil(store, ['kpi'], moment)).filter(isCatalogEntryEvent);
  const byKpi = new Map<string, RecordedEvent[]>();
  for (const event of catalog) {
    const id = (event.data as { id: string }).id;
    byKpi.set(id, [...(byKpi.get(id) ?? []), event]);
  }
  const bound = 'position' in moment ? sql`position <= ${moment.position}` : sql`recorded_at <= ${moment.time}`;
  const reports = await models.rows<Omit<ReportRow, 'position'> & { position: string }>(
    sql`SELECT * FROM ${models.cycles('reports')}
        WHERE ${bound} AND substring(period FROM 3)::int <= ${cycle} ORDER BY position`,
  );
  const reportsByKpi = new Map<string, ReportRow[]>();
  let resolvedPosition = catalog.at(-1)?.position ?? 0;
  for (const r of reports) {
    const row = { ...r, position: Number(r.position) };
    resolvedPosition = Math.max(resolvedPosition, row.position);
    const list = reportsByKpi.get(r.kpi_id);
    if (list) list.push(row);
    else reportsByKpi.set(r.kpi_id, [row]);
  }
  const rows = [...byKpi]
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([kpiId, events]) =>
      kpiCycleRows(
        {
          kpiId,
          entry: foldEntry(events),
          reports: reportsByKpi.get(kpiId) ?? [],
          catalogPosition: events.at(-1)!.position,
        },
        cycle,
      ).filter((r) => r.cycle === cycle),
    );
  const lineage = new Map(
    (
      await models.rows<{ kpi_id: string; outcome_id: string | null; impact_id: string | null }>(
        sql`SELECT kpi_id, outcome_id, impact_id FROM ${models.cycles('kpi_lineage')}`,
      )
    ).map((l) => [l.kpi_id, { outcome_id: l.outcome_id, impact_id: l.impact_id }]),
  );
  return { rows, lineage, resolvedPosition };
}

/** The `summary` view's rows (KPIs per category by impact and outcome), counted from the rows. */
export function summaryRowsOf({ rows, lineage }: CycleAsOf) {
  const counts = new Map<string, { group_kind: string; group_id: string; category: Category; kpis: number }>();
  for (const row of rows)
    for (const kind of ['impact', 'outcome'] as const) {
      const id = lineage.get(row.kpi_id)?.[`${kind}_id`];
      if (!id) continue;
      const key = `${kind}/${id}/${row.category}`;
      const entry = counts.get(key) ?? { group_kind: kind, group_id: id, category: row.category, kpis: 0 };
      entry.kpis += 1;
      counts.set(key, entry);
    }
  return [...counts.values()].sort(
    (a, b) =>
      a.group_kind.localeCompare(b.group_kind) ||
      a.group_id.localeCompare(b.group_id) ||
      a.category.localeCompare(b.category),
  );
}

/** A cycle's state (open, closed, since when, by whom, why) as its stream said at the moment. */
export async function cycleStateAt(store: EventStore, fiscalYear: number, moment: Moment) {
  const events = await readStreamOrEmpty(store, cycleStreamId(fiscalYear), streamUntil(moment));
  const state = events.reduce((s, e) => evolveCycle(s, e as unknown as CycleEvent), initialCycleState);
  return state.status === 'not_opened'
    ? { status: 'not_opened', since: null, by: null, reason: null }
    : {
        status: state.status,
        since: new Date(state.since),
        by: state.by,
        reason: 'reason' in state ? state.reason : null,
      };
}
