import { foldEntry, isCatalogEntryEvent } from '@pdca/domain';
import type { EventStore, RecordedEvent } from '@pdca/eventstore';
import { roadmapRow } from '@pdca/projections/definitions';
import type { CycleAsOf } from './cycleAsOf.js';
import { eventsUntil, type Moment } from './moment.js';

/** Every item's `roadmap_status` row of a cycle as it was at a moment: item definitions and reports up to then. */
export async function roadmapAsOf(store: EventStore, cycle: number, moment: Moment) {
  const events = await eventsUntil(store, ['milestone', 'roadmap'], moment);
  const reports = new Map<string, RecordedEvent[]>();
  const definitions = new Map<string, RecordedEvent[]>();
  for (const event of events)
    if (isCatalogEntryEvent(event)) {
      const { id } = event.data as { id: string };
      definitions.set(id, [...(definitions.get(id) ?? []), event]);
    } else if (event.type === 'MilestoneStatusReported') {
      const data = event.data as { itemId: string; fiscalYear: number };
      if (data.fiscalYear === cycle) reports.set(data.itemId, [...(reports.get(data.itemId) ?? []), event]);
    }
  const lastSeen = events.at(-1)?.recordedAt;
  // "Overdue" is judged on the day the question is asked: here, the moment asked about.
  const asked = 'time' in moment ? moment.time : (lastSeen ?? new Date(0));
  const today = new Date(asked.getTime() + 9 * 3600_000).toISOString().slice(0, 10);
  const fiscalYearEnd = `${cycle + 1}-03-31`;
  const items = [...definitions]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, own]) => roadmapRow(id, { entry: foldEntry(own), position: own.at(-1)!.position }));
  return items.map(({ milestones, definition: _d, owner: _o, position: _p, ...item }) => {
    const planned = (JSON.parse(milestones) as { fiscalYear?: number }[]).filter((m) => m.fiscalYear === cycle);
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
