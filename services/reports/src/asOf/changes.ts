import type { EventStore, RecordedEvent } from '@pdca/eventstore';
import { sql } from 'kysely';
import type { ReadModels } from '../readModels/readModels.js';
import { cycleAsOf } from './cycleAsOf.js';
import { eventsUntil, includes, type Moment } from './moment.js';

const FIELDS = ['value', 'status', 'submitted', 'corrections', 'category', 'ratio', 'owner_ministry', 'due'] as const;

/**
 * What changed in a cycle's read models between two moments: each KPI whose row differs (field by field,
 * before and after) and each roadmap item whose status moved, with the events in between that did it.
 */
export async function cycleChanges(models: ReadModels, store: EventStore, cycle: number, from: Moment, to: Moment) {
  const [before, after] = await Promise.all([
    cycleAsOf(models, store, cycle, from),
    cycleAsOf(models, store, cycle, to),
  ]);
  const earlier = new Map(before.rows.map((r) => [r.kpi_id, r]));
  const between = (e: { position: number; recordedAt: Date }) => !includes(from, e) && includes(to, e);
  const reports = (
    await models.rows<{
      position: string;
      kpi_id: string;
      period: string;
      event_type: string;
      value: number | null;
      reason: string | null;
      actor_name: string | null;
      ministry: string | null;
      recorded_at: Date;
    }>(
      sql`SELECT position, kpi_id, period, event_type, value, reason, actor_name, ministry, recorded_at
          FROM ${models.cycles('reports')} WHERE substring(period FROM 3)::int <= ${cycle} ORDER BY position`,
    )
  )
    .map((r) => ({ ...r, position: Number(r.position), recordedAt: r.recorded_at }))
    .filter(between);

  const kpis = after.rows.flatMap((row) => {
    const old = earlier.get(row.kpi_id);
    const fields = Object.fromEntries(
      FIELDS.filter((f) => old?.[f] !== row[f]).map((f) => [f, { before: old?.[f] ?? null, after: row[f] }]),
    );
    if (Object.keys(fields).length === 0) return [];
    const catalogChanged = old === undefined || old.position !== row.position;
    return [
      {
        kpiId: row.kpi_id,
        name: row.name,
        fields,
        events: reports
          .filter((r) => r.kpi_id === row.kpi_id)
          .map((r) => ({
            position: r.position,
            type: r.event_type,
            period: r.period,
            value: r.value,
            reason: r.reason,
            by: r.actor_name,
            ministry: r.ministry,
            at: r.recordedAt.toISOString(),
          })),
        ...(catalogChanged && { catalogPosition: row.position }),
      },
    ];
  });

  const milestones = (await eventsUntil(store, ['milestone'], to)).filter(
    (e) => !includes(from, e) && (e.data as { fiscalYear: number }).fiscalYear === cycle,
  );
  const byItem = new Map<string, RecordedEvent[]>();
  for (const e of milestones) {
    const itemId = (e.data as { itemId: string }).itemId;
    byItem.set(itemId, [...(byItem.get(itemId) ?? []), e]);
  }
  const roadmap = [...byItem].map(([itemId, events]) => ({
    itemId,
    before: (events[0]!.data as { previousStatus: string | null }).previousStatus,
    after: (events.at(-1)!.data as { status: string }).status,
    events: events.map((e) => ({
      position: e.position,
      status: (e.data as { status: string }).status,
      at: e.recordedAt.toISOString(),
      by: e.metadata.actorName ?? null,
    })),
  }));
  return { from: before.resolvedPosition, to: after.resolvedPosition, kpis, roadmap };
}
