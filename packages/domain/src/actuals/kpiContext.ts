import type { Target, TargetTime } from '../assessment/target.js';
import type { CatalogEntryState } from '../catalog/catalogEntry.js';
import type { KpiContext } from './kpiActual.js';

/** The years a plan accepts reports for when nothing earlier is needed (the first strategy's base). */
const EARLIEST_REPORTED_YEAR = 2015;

const yearOf = (time: TargetTime): number | undefined =>
  time.basis === 'range' ? yearOf(time.to) : 'year' in time ? time.year : undefined;

const basisOf = (time: TargetTime): 'CY' | 'FY' =>
  time.basis === 'calendar_year' ? 'CY' : time.basis === 'range' ? basisOf(time.to) : 'FY';

/**
 * What deciding on an actual needs to know about a KPI, from its catalog entry (definition, target,
 * owner). Undefined when the entry is not a defined KPI.
 */
export function kpiContextFrom(
  kpiId: string,
  state: CatalogEntryState,
  planEndFiscalYear: number,
): KpiContext | undefined {
  const definition = state.facets.definition?.value as { name?: string } | undefined;
  const target = state.facets.target?.value as Target | undefined;
  if (!state.exists || !definition?.name || !target) return undefined;
  const owner = state.facets.owner?.value as { provenance?: string; ministry?: string } | undefined;
  const form = target.form;
  const earlier = [
    form.kind === 'cumulative' ? form.window.from : undefined,
    form.kind === 'direction' && form.baseYear ? yearOf(form.baseYear) : undefined,
    ...(form.kind === 'multiplier' ? form.components.map((c) => yearOf(c.baseYear)) : []),
  ].filter((y): y is number => y !== undefined);
  return {
    kpiId,
    name: definition.name,
    periodBasis: basisOf(target.due),
    years: {
      from: Math.min(EARLIEST_REPORTED_YEAR, ...earlier),
      to: Math.max(planEndFiscalYear, yearOf(target.due) ?? planEndFiscalYear),
    },
    ownerMinistry: owner?.provenance !== 'unassigned' && owner?.ministry ? owner.ministry : null,
    components:
      form.kind === 'multiplier'
        ? form.components.map((c) => c.name)
        : form.kind === 'variants'
          ? form.variants.map((v) => v.label)
          : [],
  };
}
