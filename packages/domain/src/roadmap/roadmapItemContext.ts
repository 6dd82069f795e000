import type { CatalogEntryState } from '../catalog/catalogEntry.js';
import type { RoadmapItemContext } from './milestone.js';

/** Roadmaps run from FY2025 to the plan's end (「2029年度以降」 reaches into the revised plan). */
export function roadmapItemContextFrom(
  itemId: string,
  state: CatalogEntryState,
  planEndFiscalYear: number,
): RoadmapItemContext | undefined {
  const definition = state.facets.definition?.value as { name?: string; cells?: string[] } | undefined;
  if (!state.exists || !definition) return undefined;
  const owner = state.facets.owner?.value as { provenance?: string; ministry?: string } | undefined;
  return {
    itemId,
    name: definition.name ?? definition.cells?.find((c) => c !== '') ?? itemId,
    ownerMinistry: owner?.provenance !== 'unassigned' && owner?.ministry ? owner.ministry : null,
    years: { from: 2025, to: planEndFiscalYear },
  };
}
