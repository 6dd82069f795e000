import { PLAN_END_FISCAL_YEAR, roadmapItemContextFrom, type CatalogEntryState } from '@pdca/domain';

/** Which field of a definition names the parent, per kind of logic-model entry. */
const LINEAGE_PARENT: Readonly<Record<string, string | null>> = {
  impact: null,
  outcome: 'impact',
  area: 'outcome',
  output_unit: 'area',
};

export interface LineageRow {
  readonly id: string;
  readonly kind: string;
  readonly parent: string | null;
}

/** The `lineage` row a catalog event gives, if it defines an impact, outcome, area or output unit. */
export function lineageRowOf(data: { kind: string; id: string; facet: string; value: unknown }): LineageRow | null {
  if (!(data.kind in LINEAGE_PARENT) || data.facet !== 'definition') return null;
  const parentKey = LINEAGE_PARENT[data.kind];
  const value = data.value as Record<string, unknown>;
  return {
    id: data.id,
    kind: data.kind,
    parent: parentKey ? ((value[parentKey] as string | undefined) ?? null) : null,
  };
}

/**
 * A KPI's outcome and impact, as the `kpi_lineage` view derives them: impact and outcome KPIs hang off
 * those directly; an output KPI off an output unit, whose area belongs to an outcome.
 */
export function kpiLineage(
  kpi: { readonly level: string | null; readonly parent: string | null },
  lineage: ReadonlyMap<string, LineageRow>,
): { outcome_id: string | null; impact_id: string | null } {
  const of = (id: string | null | undefined, kind: string) => {
    const row = id == null ? undefined : lineage.get(id);
    return row?.kind === kind ? row : undefined;
  };
  const area = of(of(kpi.parent, 'output_unit')?.parent, 'area');
  const outcome = kpi.level === 'outcome' ? kpi.parent : (area?.parent ?? null);
  return {
    outcome_id: kpi.level === 'outcome' || kpi.level === 'output' ? outcome : null,
    impact_id: kpi.level === 'impact' ? kpi.parent : outcome === null ? null : (lineage.get(outcome)?.parent ?? null),
  };
}

/** A roadmap item's `roadmap_items` row from its catalog entry. */
export function roadmapRow(id: string, item: { entry: CatalogEntryState; position: number }) {
  const definition = item.entry.facets.definition?.value as
    | { kind?: string; name?: string; project?: string; outputUnit?: string; cells?: string[]; milestones?: unknown[] }
    | undefined;
  const context = roadmapItemContextFrom(id, item.entry, PLAN_END_FISCAL_YEAR);
  return {
    item_id: id,
    name: definition?.name ?? definition?.cells?.[0] ?? null,
    row_kind: definition?.kind ?? null,
    project_id: definition?.project ?? null,
    output_unit_id: definition?.outputUnit ?? null,
    owner_ministry: context?.ownerMinistry ?? null,
    milestones: JSON.stringify(definition?.milestones ?? []),
    definition: json(item.entry.facets.definition?.value),
    owner: json(item.entry.facets.owner?.value),
    position: item.position,
  };
}

const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));
