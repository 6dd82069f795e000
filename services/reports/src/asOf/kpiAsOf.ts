import { entryStreamId, foldEntry, isCatalogEntryEvent } from '@pdca/domain';
import { StreamNotFound, type EventStore, type RecordedEvent } from '@pdca/eventstore';
import { actualRows, kpiCycleRows, type ReportRow } from '@pdca/projections/kpiLedger';
import { sql } from 'kysely';
import type { ReadModels } from '../readModels/readModels.js';

/** A moment to answer at: a log position, or a time (transaction time: when the ledger recorded it). */
export type Moment = { readonly position: number } | { readonly time: Date };

export const momentOf = (query: { asOf?: string; asOfPosition?: string }): Moment | undefined =>
  query.asOfPosition !== undefined
    ? { position: Number(query.asOfPosition) }
    : query.asOf !== undefined
      ? { time: new Date(query.asOf) }
      : undefined;

export const AsOfProperties = {
  asOf: { type: 'string', format: 'date-time', description: 'answer as it would have been at this time' },
  asOfPosition: { type: 'string', pattern: '^\\d{1,16}$', description: 'answer as of this log position' },
} as const;

/**
 * One KPI in one cycle exactly as the read model held it at a past moment: its catalog stream read up
 * to then, its reports up to then, and the same computation the projection runs. Also the position the
 * moment resolved to: the last event that shaped the answer.
 */
export async function kpiAsOf(models: ReadModels, store: EventStore, kpiId: string, cycle: number, moment: Moment) {
  let catalog: RecordedEvent[];
  try {
    catalog = await store.readStream(
      entryStreamId('kpi', kpiId),
      'position' in moment ? { toPosition: moment.position } : { toTime: moment.time },
    );
  } catch (error) {
    if (error instanceof StreamNotFound) return undefined;
    throw error;
  }
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
