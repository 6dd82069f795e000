import { CATALOG_CATEGORIES } from '@pdca/domain';
import { IdempotencyStore, serviceBase, type Infrastructure } from '@pdca/platform';
import type { FastifyInstance } from 'fastify';
import { catalogAdminRoutes } from './catalogAdmin/routes.js';
import { cycleRoutes } from './cycles/routes.js';
import { ActualStates } from './kpiActuals/actualStates.js';
import { kpiActualRoutes } from './kpiActuals/routes.js';
import { LiveStreams } from './liveStreams/liveStreams.js';
import { meRoute } from './me/route.js';
import { milestoneRoutes } from './milestones/routes.js';
import { submissionRoutes } from './submissions/routes.js';

/** The REST API ministries submit KPI actuals and roadmap progress to. */
export default async function ingestApp(app: FastifyInstance, deps: Infrastructure): Promise<void> {
  await app.register(serviceBase, { ...deps, title: 'pdca-ledger ingest API（KPI実績・工程表の報告）' });
  const streams = new LiveStreams({
    store: deps.eventStore,
    categories: [...CATALOG_CATEGORIES, 'cycle'],
    log: app.log,
  });
  streams.start();
  app.readinessChecks.set('catalogInMemory', () => streams.live);
  app.addHook('onClose', () => streams.close());
  const idempotency = new IdempotencyStore(deps.pool);
  meRoute(app);
  kpiActualRoutes(app, { store: deps.eventStore, streams, actuals: new ActualStates() });
  milestoneRoutes(app, { streams });
  catalogAdminRoutes(app, { streams });
  submissionRoutes(app, { idempotency, streams });
  cycleRoutes(app, { streams });
}
