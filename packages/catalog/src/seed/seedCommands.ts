import type { EntryKind, Facet, JsonValue, SeedCatalogEntry } from '@pdca/domain';
import type { Catalog } from '../loadCatalog.js';
import { allKpis } from '../loadCatalog.js';
import { canonicalJson, sha256 } from './canonical.js';

type Facets = Partial<Record<Facet, unknown>>;

function command(kind: EntryKind, id: string, facets: Facets): SeedCatalogEntry {
  const hashed: SeedCatalogEntry['facets'] = {};
  for (const [facet, value] of Object.entries(facets) as [Facet, unknown][]) {
    if (value === undefined) continue;
    const json = JSON.parse(canonicalJson(value)) as JsonValue;
    Object.assign(hashed, { [facet]: { value: json, hash: sha256(canonicalJson(value)) } });
  }
  return { type: 'SeedCatalogEntry', kind, id, facets: hashed };
}

/** Every entry of the catalog as a seeding command, in dependency order (versions first, KPIs last). */
export function seedCommands(catalog: Catalog): SeedCatalogEntry[] {
  const { strategy, ministries, logicModel, section5, section6 } = catalog;
  return [
    ...strategy.versions.map((v) => command('strategy_version', v.id, { definition: v })),
    ...ministries.ministries.map((m) => command('ministry', m.code, { definition: m })),
    ...logicModel.impacts.map((i) => command('impact', i.id, { definition: i })),
    ...logicModel.outcomes.map((o) => command('outcome', o.id, { definition: o })),
    ...section5.areas.map((a) => command('area', a.id, { definition: a })),
    ...section5.subAreas.map((s) => command('sub_area', s.id, { definition: s })),
    ...[...section5.measures, ...section6.measures].map((m) => command('measure', m.id, { definition: m })),
    ...section5.outputUnits.map(({ kpis, roadmap, ...unit }) =>
      command('output_unit', unit.id, {
        definition: { ...unit, kpis: kpis.map((k) => k.id), roadmap: roadmap.status },
      }),
    ),
    ...allKpis(catalog).map(({ target, baseline, componentBaselines, owner, ...definition }) =>
      command('kpi', definition.id, {
        definition,
        target,
        baseline: baseline ?? componentBaselines,
        owner,
      }),
    ),
    ...section5.outputUnits.flatMap((unit) =>
      unit.roadmap.status === 'transcribed'
        ? unit.roadmap.rows.map(({ owner, ...row }) =>
            command('roadmap_item', row.id, { definition: { ...row, outputUnit: unit.id }, owner }),
          )
        : [],
    ),
  ];
}
