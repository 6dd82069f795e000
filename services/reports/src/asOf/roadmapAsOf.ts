import type { EventStore, RecordedEvent } from '@pdca/eventstore';
import { sql } from 'kysely';
import type { ReadModels } from '../readModels/readModels.js';
import type { CycleAsOf } from './cycleAsOf.js';
import { eventsUntil, type Moment } from './moment.js';

/** Every item's `roadmap_status` row of a cycle as it was at a moment (today's item definitions). */
export async function roadmapAsOf(models: ReadModels, store: EventStore, cycle: number, moment: Moment) {
  const milestones = await eventsUntil(store, ['milestone'], moment);
  const reports = new Map<string, RecordedEvent[]>();
  for (const event of milestones) {
    const data = event.data as { itemId: string; fiscalYear: number };
    if (data.fiscalYear === cycle) reports.set(data.itemId, [...(reports.get(data.itemId) ?? []), event]);
  }
  const lastSeen = milestones.at(-1)?.recordedAt;
  // "Overdue" is judged on the day the question is asked: here, the moment asked about.
  const asked = 'time' in moment ? moment.time : (lastSeen ?? new Date(0));
  const today = new Date(asked.getTime() + 9 * 3600_000).toISOString().slice(0, 10);
  const fiscalYearEnd = `${cycle + 1}-03-31`;
  const items = await models.rows<{
    item_id: string;
    name: string | null;
    row_kind: string | null;
    project_id: string | null;
    output_unit_id: string | null;
    owner_ministry: string | null;
    milestones: { fiscalYear?: number }[];
  }>(
    sql`SELECT item_id, name, row_kind, project_id, output_unit_id, owner_ministry, milestones
        FROM ${models.cycles('roadmap_items')} ORDER BY item_id`,
  );
  return items.map(({ milestones, ...item }) => {
    const planned = milestones.filter((m) => m.fiscalYear === cycle);
    const events = reports.get(item.item_id) ?? [];
    const last = events.at(-1);
    const data = last?.data as
      { status: string; previousStatus: string | null; note: string | null; evidenceUrl: string | null } | undefined;
    const status = data?.status ?? null;
    return {
      ...item,
      planned,
      status,
      previous_status: data?.previousStatus ?? null,
      note: data?.note ?? null,
      evidence_url: data?.evidenceUrl ?? null,
      reported_by: (last?.metadata.actorName as string | undefined) ?? null,
      reporter_ministry: (last?.metadata.ministry as string | undefined) ?? null,
      reported_at: last?.recordedAt ?? null,
      reports: events.length,
      has_plan: planned.length > 0,
      overdue: planned.length > 0 && today > fiscalYearEnd && status !== 'completed' && status !== 'cancelled',
      position: last?.position ?? 0,
    };
  });
}

/** The `coverage` view's rows of a cycle at a moment: per ministry, what was due, submitted, missing, overdue. */
export function coverageAsOf(
  kpis: CycleAsOf,
  roadmap: Awaited<ReturnType<typeof roadmapAsOf>>,
  cycle: number,
  state: { status: string },
) {
  const closed = state.status === 'not_opened' ? null : state.status === 'closed';
  const ministries = [
    ...new Set([...kpis.rows.map((r) => r.owner_ministry), ...roadmap.map((r) => r.owner_ministry)]),
  ].filter((m): m is string => m !== null);
  return ministries.sort().map((ministry) => {
    const own = kpis.rows.filter((r) => r.owner_ministry === ministry);
    const items = roadmap.filter((r) => r.owner_ministry === ministry);
    const missing = own
      .filter((r) => r.due && !r.submitted)
      .map((r) => r.kpi_id)
      .sort();
    return {
      cycle,
      ministry,
      kpis_due: own.filter((r) => r.due).length,
      kpis_submitted: own.filter((r) => r.due && r.submitted).length,
      kpis_missing: missing,
      items_due: items.filter((r) => r.has_plan).length,
      items_submitted: items.filter((r) => r.has_plan && r.status !== null).length,
      items_missing: items
        .filter((r) => r.has_plan && r.status === null)
        .map((r) => r.item_id)
        .sort(),
      items_overdue: items
        .filter((r) => r.overdue)
        .map((r) => r.item_id)
        .sort(),
      cycle_closed: closed,
      kpis_overdue: closed ? missing : [],
    };
  });
}
