import { entryStreamId, foldEntry, kpiContextFrom, PLAN_END_FISCAL_YEAR, type KpiContext } from '@pdca/domain';
import type { StreamReader } from '../streams.js';

export { PLAN_END_FISCAL_YEAR };

/** The KPI as its catalog stream says now (definition, target, owner), or undefined for an unknown KPI. */
export async function loadKpiContext(streams: StreamReader, kpiId: string): Promise<KpiContext | undefined> {
  return kpiContextFrom(kpiId, foldEntry(await streams.read(entryStreamId('kpi', kpiId))), PLAN_END_FISCAL_YEAR);
}
