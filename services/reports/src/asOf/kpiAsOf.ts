import { entryStreamId, foldEntry, isCatalogEntryEvent } from '@pdca/domain';
import { readStreamOrEmpty, type EventStore } from '@pdca/eventstore';
import { actualRows, kpiCycleRows, type ReportRow } from '@pdca/projections/kpiLedger';
import { sql } from 'kysely';
import type { ReadModels } from '../readModels/readModels.js';
import { streamUntil, type Moment } from './moment.js';

/**
 * One KPI in one cycle exactly as the read model held it at a past moment: its catalog stream read up
 * to then, its reports up to then, and the same computation the projection runs. Also the position the
 * moment resolved to: the last event that shaped the answer.
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
  const resolvedPosition = Math.max(catalogPosition, ...reports.map((r) => r.position));
  return (
    row && {
      row,
      target: ledger.entry.facets.target?.value ?? null,
      baseline: ledger.entry.facets.baseline?.value ?? null,
      actuals: actualRows(ledger).sort(
        (a, b) => a.period.localeCompare(b.period) || a.component.localeCompare(b.component),
      ),
      resolvedPosition,
    }
  );
}
