import {
  entryStreamId,
  evolveEntry,
  initialEntryState,
  kpiContextFrom,
  type CatalogEntryEvent,
  type KpiContext,
} from '@pdca/domain';
import type { EventStore } from '@pdca/eventstore';
import { readStreamOrEmpty } from '../streams.js';

/** The latest strategy version (地域未来戦略) runs to FY2030. */
export const PLAN_END_FISCAL_YEAR = 2030;

/** The KPI as its catalog stream says now (definition, target, owner), or undefined for an unknown KPI. */
export async function loadKpiContext(store: EventStore, kpiId: string): Promise<KpiContext | undefined> {
  const events = await readStreamOrEmpty(store, entryStreamId('kpi', kpiId));
  const state = events
    .filter((e) => typeof (e.data as { facet?: unknown }).facet === 'string')
    .reduce((s, e) => evolveEntry(s, e as unknown as CatalogEntryEvent), initialEntryState);
  return kpiContextFrom(kpiId, state, PLAN_END_FISCAL_YEAR);
}
