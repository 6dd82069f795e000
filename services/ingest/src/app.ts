import { IdempotencyStore, serviceBase, type Infrastructure } from '@pdca/platform';
import type { FastifyInstance } from 'fastify';
import { cycleRoutes } from './cycles/routes.js';
import { kpiActualRoutes } from './kpiActuals/routes.js';
import { meRoute } from './me/route.js';

/** The REST API ministries submit KPI actuals and roadmap progress to. */
export default async function ingestApp(app: FastifyInstance, deps: Infrastructure): Promise<void> {
  await app.register(serviceBase, { ...deps, title: 'pdca-ledger ingest API（KPI実績・工程表の報告）' });
  meRoute(app);
  kpiActualRoutes(app, new IdempotencyStore(deps.pool));
  cycleRoutes(app);
}
