import { initialEntryState, type CatalogEntryState, type Facet } from '@pdca/domain';
import type { Kysely } from 'kysely';
import type { KpiLedger, ReportRow } from './kpiLedger.js';
import type { CyclesDb } from './tables.js';

const FACETS: readonly Facet[] = ['definition', 'target', 'baseline', 'owner'];

const entryOf = (row: Partial<Record<Facet, unknown>>): CatalogEntryState => ({
  exists: true,
  facets: Object.fromEntries(
    FACETS.filter((f) => row[f] !== null && row[f] !== undefined).map((f) => [f, { value: row[f] }]),
  ),
});

/** The KPIs' catalog facets and all their reports, as the tables hold them. */
export async function loadKpiLedgers(db: Kysely<CyclesDb>, kpiIds: readonly string[]): Promise<KpiLedger[]> {
  if (kpiIds.length === 0) return [];
  const kpis = await db
    .selectFrom('kpis')
    .select(['kpi_id', 'definition', 'target', 'baseline', 'owner', 'position'])
    .where('kpi_id', 'in', kpiIds)
    .execute();
  const reports = (await db
    .selectFrom('reports')
    .selectAll()
    .where('kpi_id', 'in', kpiIds)
    .orderBy('position')
    .execute()) as (Omit<ReportRow, 'position'> & { position: string })[];
  const byKpi = new Map<string, ReportRow[]>();
  for (const r of reports) {
    const row: ReportRow = { ...r, position: Number(r.position) };
    byKpi.set(r.kpi_id, [...(byKpi.get(r.kpi_id) ?? []), row]);
  }
  // A KPI may have reports and no catalog row yet (its definition still to come): keep the reports.
  const catalog = new Map(kpis.map((k) => [k.kpi_id, k]));
  return [...new Set([...catalog.keys(), ...byKpi.keys()])].map((kpiId) => {
    const k = catalog.get(kpiId);
    return {
      kpiId,
      entry: k ? entryOf(k) : initialEntryState,
      reports: byKpi.get(kpiId) ?? [],
      catalogPosition: k ? Number(k.position) : 0,
    };
  });
}

export async function loadRoadmapEntries(
  db: Kysely<CyclesDb>,
  itemIds: readonly string[],
): Promise<Map<string, { entry: CatalogEntryState; position: number }>> {
  if (itemIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('roadmap_items')
    .select(['item_id', 'definition', 'owner', 'position'])
    .where('item_id', 'in', itemIds)
    .execute();
  return new Map(
    rows.map((r) => [
      r.item_id,
      { entry: entryOf(r as Partial<Record<Facet, unknown>>), position: Number(r.position) },
    ]),
  );
}
