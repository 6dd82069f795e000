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
import { kpiLineage, lineageRowOf, type LineageRow } from '@pdca/projections/definitions';
import { kpiCycleRows, type ReportRow } from '@pdca/projections/kpiLedger';
import { sql } from 'kysely';
import type { ReadModels } from '../readModels/readModels.js';
import { eventsUntil, streamUntil, type Moment } from './moment.js';

/** Stream categories of the logic model's entries above KPIs. */
const LOGIC_MODEL = ['impact', 'outcome', 'area', 'unit'];

export interface CycleAsOf {
  readonly rows: ReturnType<typeof kpiCycleRows>;
  readonly lineage: Map<string, { outcome_id: string | null; impact_id: string | null }>;
  readonly resolvedPosition: number;
}

/**
 * Every KPI of a cycle as the per-cycle read model held it at a past moment, computed the way the
 * projection computes it: KPI definitions and the logic model (impacts, outcomes, areas, output units)
 * from the log up to then, and the reports of periods up to the cycle recorded by then.
 */
export async function cycleAsOf(
  models: ReadModels,
  store: EventStore,
  cycle: number,
  moment: Moment,
): Promise<CycleAsOf> {
  const catalog = (await eventsUntil(store, ['kpi', ...LOGIC_MODEL], moment)).filter(isCatalogEntryEvent);
  const byKpi = new Map<string, RecordedEvent[]>();
  const logicModel = new Map<string, LineageRow>();
  for (const event of catalog) {
    const data = event.data as { kind: string; id: string; facet: string; value: unknown };
    if (data.kind === 'kpi') byKpi.set(data.id, [...(byKpi.get(data.id) ?? []), event]);
    else {
      const row = lineageRowOf(data);
      if (row) logicModel.set(row.id, row);
    }
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
  const lineage = new Map(rows.map((row) => [row.kpi_id, kpiLineage(row, logicModel)]));
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
