import { entryStreamId, foldEntry, isCatalogEntryEvent, type EntryKind } from '@pdca/domain';
import { readStreamOrEmpty, type EventStore } from '@pdca/eventstore';
import { kpiLineage, lineageRowOf, type LineageRow } from '@pdca/projections/definitions';
import { actualRows, kpiCycleRows, type ReportRow } from '@pdca/projections/kpiLedger';
import { sql } from 'kysely';
import type { ReadModels } from '../readModels/readModels.js';
import { streamUntil, type Moment } from './moment.js';

/**
 * One KPI in one cycle exactly as the read model held it at a past moment: its catalog stream and its
 * parents' (output unit, area, outcome) read up to then, its reports up to then, and the same computation
 * the projection runs. Also the position the moment resolved to: the last event that shaped the answer.
 */
export async function kpiAsOf(models: ReadModels, store: EventStore, kpiId: string, cycle: number, moment: Moment) {
  const catalog = await readStreamOrEmpty(store, entryStreamId('kpi', kpiId), streamUntil(moment));
  const own = catalog.filter(isCatalogEntryEvent);
  if (own.length === 0) return undefined;
  const bound = 'position' in moment ? sql`position <= ${moment.position}` : sql`recorded_at <= ${moment.time}`;
  const reports = (
    await models.rows<Omit<ReportRow, 'position'> & { position: string }>(
      sql`SELECT * FROM ${models.cycles('reports')} WHERE kpi_id = ${kpiId} AND ${bound} ORDER BY position`,
    )
  ).map((r) => ({ ...r, position: Number(r.position) }));
  const catalogPosition = own.at(-1)!.position;
  const ledger = { kpiId, entry: foldEntry(own), reports, catalogPosition };
  const row = kpiCycleRows(ledger, cycle).find((r) => r.cycle === cycle);
  if (!row) return undefined;
  const lineage = await lineageAt(store, row, moment);
  const resolvedPosition = Math.max(catalogPosition, lineage.position, ...reports.map((r) => r.position));
  return {
    row,
    lineage: lineage.ids,
    target: ledger.entry.facets.target?.value ?? null,
    baseline: ledger.entry.facets.baseline?.value ?? null,
    actuals: actualRows(ledger).sort(
      (a, b) => a.period.localeCompare(b.period) || a.component.localeCompare(b.component),
    ),
    resolvedPosition,
  };
}

/** The KPI's outcome and impact at the moment: its parents' definitions read from their streams up to then. */
async function lineageAt(store: EventStore, kpi: { level: string | null; parent: string | null }, moment: Moment) {
  const rows = new Map<string, LineageRow>();
  let position = 0;
  const visit = async (kind: EntryKind, id: string | null | undefined) => {
    if (!id) return undefined;
    const events = await readStreamOrEmpty(store, entryStreamId(kind, id), streamUntil(moment));
    let row: LineageRow | undefined;
    for (const event of events.filter(isCatalogEntryEvent)) {
      row = lineageRowOf(event.data as { kind: string; id: string; facet: string; value: unknown }) ?? row;
      position = Math.max(position, event.position);
    }
    if (row) rows.set(id, row);
    return row;
  };
  if (kpi.level === 'output') {
    const unit = await visit('output_unit', kpi.parent);
    await visit('outcome', (await visit('area', unit?.parent))?.parent);
  } else if (kpi.level === 'outcome') await visit('outcome', kpi.parent);
  return { ids: kpiLineage(kpi, rows), position };
}
