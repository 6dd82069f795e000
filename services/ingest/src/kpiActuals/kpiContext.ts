import { entryStreamId, foldEntry, kpiContextFrom, type KpiContext } from '@pdca/domain';
import type { EventStore } from '@pdca/eventstore';
import { readStreamOrEmpty } from '../streams.js';

/** The latest strategy version (地域未来戦略) runs to FY2030. */
export const PLAN_END_FISCAL_YEAR = 2030;

/** The KPI as its catalog stream says now (definition, target, owner), or undefined for an unknown KPI. */
export async function loadKpiContext(store: EventStore, kpiId: string): Promise<KpiContext | undefined> {
  const events = await readStreamOrEmpty(store, entryStreamId('kpi', kpiId));
  return kpiContextFrom(kpiId, foldEntry(events), PLAN_END_FISCAL_YEAR);
}
