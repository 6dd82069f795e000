import { entryStreamId, foldEntry, kpiContextFrom, type KpiContext } from '@pdca/domain';
import type { StreamReader } from '../streams.js';

/** The latest strategy version (地域未来戦略) runs to FY2030. */
export const PLAN_END_FISCAL_YEAR = 2030;

/** The KPI as its catalog stream says now (definition, target, owner), or undefined for an unknown KPI. */
export async function loadKpiContext(streams: StreamReader, kpiId: string): Promise<KpiContext | undefined> {
  return kpiContextFrom(kpiId, foldEntry(await streams.read(entryStreamId('kpi', kpiId))), PLAN_END_FISCAL_YEAR);
}
