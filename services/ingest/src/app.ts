import { IdempotencyStore, serviceBase, type Infrastructure } from '@pdca/platform';
import type { FastifyInstance } from 'fastify';
import { catalogAdminRoutes } from './catalogAdmin/routes.js';
import { cycleRoutes } from './cycles/routes.js';
import { kpiActualRoutes } from './kpiActuals/routes.js';
import { meRoute } from './me/route.js';
import { milestoneRoutes } from './milestones/routes.js';
import { submissionRoutes } from './submissions/routes.js';

/** The REST API ministries submit KPI actuals and roadmap progress to. */
export default async function ingestApp(app: FastifyInstance, deps: Infrastructure): Promise<void> {
  await app.register(serviceBase, { ...deps, title: 'pdca-ledger ingest API（KPI実績・工程表の報告）' });
  meRoute(app);
  const idempotency = new IdempotencyStore(deps.pool);
  kpiActualRoutes(app, idempotency);
  milestoneRoutes(app, idempotency);
  catalogAdminRoutes(app);
  submissionRoutes(app, idempotency);
  cycleRoutes(app);
}
