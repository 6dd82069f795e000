import { serviceBase, type Infrastructure } from '@pdca/platform';
import type { FastifyInstance } from 'fastify';
import { meRoute } from './me/route.js';

/** The REST API ministries submit KPI actuals and roadmap progress to. */
export default async function ingestApp(app: FastifyInstance, deps: Infrastructure): Promise<void> {
  await app.register(serviceBase, deps);
  meRoute(app);
}
