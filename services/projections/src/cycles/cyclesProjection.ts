import {
  cycleOfPeriod,
  evolveEntry,
  initialEntryState,
  isCatalogEntryEvent,
  type CatalogEntryEvent,
  type CatalogEntryState,
  type CycleEvent,
  type KpiActualEvent,
  type MilestoneEvent,
  type Period,
} from '@pdca/domain';
import type { RecordedEvent } from '@pdca/eventstore';
import type { Insertable, Kysely } from 'kysely';
import type { Applier, Projection } from '../runner/projection.js';
import { lineageRowOf, roadmapRow } from './definitions.js';
import { actualRows, kpiCycleRows, kpiRow, type KpiLedger, type ReportRow } from './kpiLedger.js';
import { loadKpiLedgers, loadRoadmapEntries } from './load.js';
import { cyclesMigrations } from './migrations.js';
import type { CyclesDb } from './tables.js';
import { insertAll, upsertAll } from './upsert.js';

const ACTUAL_EVENTS = new Set(['KpiActualReported', 'KpiActualCorrected', 'KpiActualRetracted']);

/**
 * Everything per PDCA cycle: KPIs with their actuals and assessments, roadmap items with their
 * milestones, submission coverage per ministry, the summary by impact and outcome, and cycle states.
 * It keeps its own copy of the KPI definitions it assesses against, so a target, baseline or owner change
 * re-assesses the KPI in every cycle, and the projection can be rebuilt on its own.
 */
export const cyclesProjection: Projection = {
  name: 'cycles',
  categories: ['kpi', 'impact', 'outcome', 'area', 'unit', 'roadmap', 'actual', 'milestone', 'cycle'],
  migrations: cyclesMigrations,
  createApplier,
};

function createApplier(): Applier {
  // Read once from the tables, then kept current by the batches this applier commits.
  const ledgers = new Map<string, KpiLedger>();
  const roadmap = new Map<string, { entry: CatalogEntryState; position: number }>();

  return {
    async apply(raw: Kysely<unknown>, events: readonly RecordedEvent[]) {
      const db = raw as Kysely<CyclesDb>;
      await loadMissing(db, events, ledgers, roadmap);
      const changedKpis = new Set<string>();
      const dirtyFrom = new Map<string, number>();
      const touchedActuals = new Map<string, Set<string>>();
      const newReports: ReportRow[] = [];
      const lineage = new Map<string, { id: string; kind: string; parent: string | null }>();
      const changedItems = new Set<string>();
      const milestones = new Map<string, Insertable<CyclesDb['milestones']>>();
      const cycles = new Map<number, Record<string, unknown>>();
      const markDirty = (kpiId: string, fromCycle: number) =>
        dirtyFrom.set(kpiId, Math.min(dirtyFrom.get(kpiId) ?? Infinity, fromCycle));

      for (const event of events) {
        if (isCatalogEntryEvent(event)) {
          const { data } = event as unknown as CatalogEntryEvent;
          if (data.kind === 'kpi') {
            const ledger = ledgers.get(data.id)!;
            ledger.entry = evolveEntry(ledger.entry, event as unknown as CatalogEntryEvent);
            ledger.catalogPosition = event.position;
            changedKpis.add(data.id);
            markDirty(data.id, -Infinity);
          } else if (data.kind === 'roadmap_item') {
            const item = roadmap.get(data.id)!;
            item.entry = evolveEntry(item.entry, event as unknown as CatalogEntryEvent);
            item.position = event.position;
            changedItems.add(data.id);
          } else {
            const row = lineageRowOf(data);
            if (row) lineage.set(data.id, row);
          }
        } else if (ACTUAL_EVENTS.has(event.type)) {
          const report = reportRow(event);
          const ledger = ledgers.get(report.kpi_id)!;
          ledger.reports.push(report);
          newReports.push(report);
          markDirty(report.kpi_id, cycleOfPeriod(report.period as Period));
          const keys = touchedActuals.get(report.kpi_id) ?? new Set<string>();
          touchedActuals.set(report.kpi_id, keys.add(`${report.period}#${report.component}`));
        } else if (event.type === 'MilestoneStatusReported') {
          const { data } = event as unknown as MilestoneEvent;
          const key = `${data.itemId}@${data.fiscalYear}`;
          const earlier = milestones.get(key);
          milestones.set(key, {
            item_id: data.itemId,
            fiscal_year: data.fiscalYear,
            status: data.status,
            previous_status: data.previousStatus,
            note: data.note,
            evidence_url: data.evidenceUrl,
            reported_by: metaOf(event).actorName,
            reporter_ministry: metaOf(event).ministry,
            on_behalf_of: metaOf(event).onBehalfOf,
            reported_at: event.recordedAt,
            reports: (earlier?.reports ?? 0) + 1,
            position: event.position,
          });
        } else if (event.type.startsWith('Cycle')) {
          const cycle = event as unknown as CycleEvent;
          cycles.set(cycle.data.fiscalYear, {
            fiscal_year: cycle.data.fiscalYear,
            status: cycle.type === 'CycleClosed' ? 'closed' : 'open',
            since: new Date(cycle.data.at),
            by: cycle.data.by,
            reason: 'reason' in cycle.data ? cycle.data.reason : null,
            position: event.position,
          });
        }
      }

      await upsertAll(raw, 'lineage', ['id'], [...lineage.values()]);
      await upsertAll(
        raw,
        'kpis',
        ['kpi_id'],
        [...changedKpis].map((id) => kpiRow(ledgers.get(id)!)),
      );
      await insertAll(raw, 'reports', newReports);
      await upsertAll(
        raw,
        'actuals',
        ['kpi_id', 'period', 'component'],
        [...touchedActuals].flatMap(([kpiId, keys]) => actualRows(ledgers.get(kpiId)!, keys)),
      );
      await upsertAll(
        raw,
        'kpi_cycles',
        ['cycle', 'kpi_id'],
        [...dirtyFrom].flatMap(([kpiId, from]) => kpiCycleRows(ledgers.get(kpiId)!, from)),
      );
      await upsertAll(
        raw,
        'roadmap_items',
        ['item_id'],
        [...changedItems].map((id) => roadmapRow(id, roadmap.get(id)!)),
      );
      await upsertMilestones(db, [...milestones.values()]);
      await upsertAll(raw, 'cycles', ['fiscal_year'], [...cycles.values()]);
    },
  };
}

async function loadMissing(
  db: Kysely<CyclesDb>,
  events: readonly RecordedEvent[],
  ledgers: Map<string, KpiLedger>,
  roadmap: Map<string, { entry: CatalogEntryState; position: number }>,
) {
  const kpiIds = new Set<string>();
  const itemIds = new Set<string>();
  for (const event of events) {
    if (ACTUAL_EVENTS.has(event.type)) kpiIds.add((event.data as { kpiId: string }).kpiId);
    else if (isCatalogEntryEvent(event)) {
      const { kind, id } = (event as unknown as CatalogEntryEvent).data;
      if (kind === 'kpi') kpiIds.add(id);
      if (kind === 'roadmap_item') itemIds.add(id);
    }
  }
  const missingKpis = [...kpiIds].filter((id) => !ledgers.has(id));
  for (const ledger of await loadKpiLedgers(db, missingKpis)) ledgers.set(ledger.kpiId, ledger);
  for (const id of missingKpis)
    if (!ledgers.has(id)) ledgers.set(id, { kpiId: id, entry: initialEntryState, reports: [], catalogPosition: 0 });
  const missingItems = [...itemIds].filter((id) => !roadmap.has(id));
  const loaded = await loadRoadmapEntries(db, missingItems);
  for (const id of missingItems) roadmap.set(id, loaded.get(id) ?? { entry: initialEntryState, position: 0 });
}

function reportRow(event: RecordedEvent): ReportRow {
  const { data, type } = event as unknown as KpiActualEvent;
  return {
    position: event.position,
    event_id: event.eventId,
    kpi_id: data.kpiId,
    period: data.period,
    component: data.component ?? '',
    event_type: type,
    value: 'value' in data ? data.value : null,
    status: 'status' in data ? data.status : null,
    retracted: type === 'KpiActualRetracted',
    reason: 'reason' in data ? data.reason : null,
    source: 'source' in data ? data.source : null,
    note: 'note' in data ? data.note : ((event.metadata.note as string | null | undefined) ?? null),
    actor: (event.metadata.actor as string | undefined) ?? null,
    actor_name: metaOf(event).actorName,
    role: (event.metadata.role as string | undefined) ?? null,
    ministry: metaOf(event).ministry,
    on_behalf_of: metaOf(event).onBehalfOf,
    recorded_at: event.recordedAt,
  };
}

/** Who made the request, from the event's metadata. */
const metaOf = (event: RecordedEvent) => ({
  actorName: (event.metadata.actorName as string | undefined) ?? null,
  ministry: (event.metadata.ministry as string | null | undefined) ?? null,
  onBehalfOf: (event.metadata.onBehalfOf as string | null | undefined) ?? null,
});

/** Milestone reports add up: a batch's count is added to what the table holds. */
async function upsertMilestones(db: Kysely<CyclesDb>, rows: Insertable<CyclesDb['milestones']>[]) {
  for (let i = 0; i < rows.length; i += 2000)
    await db
      .insertInto('milestones')
      .values(rows.slice(i, i + 2000))
      .onConflict((oc) =>
        oc.columns(['item_id', 'fiscal_year']).doUpdateSet((eb) => ({
          status: eb.ref('excluded.status'),
          previous_status: eb.ref('excluded.previous_status'),
          note: eb.ref('excluded.note'),
          evidence_url: eb.ref('excluded.evidence_url'),
          reported_by: eb.ref('excluded.reported_by'),
          reporter_ministry: eb.ref('excluded.reporter_ministry'),
          on_behalf_of: eb.ref('excluded.on_behalf_of'),
          reported_at: eb.ref('excluded.reported_at'),
          reports: eb('milestones.reports', '+', eb.ref('excluded.reports')),
          position: eb.ref('excluded.position'),
        })),
      )
      .execute();
}
