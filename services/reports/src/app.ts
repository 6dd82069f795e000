import etag from '@fastify/etag';
import { serviceBase, type Infrastructure } from '@pdca/platform';
import type { FastifyInstance } from 'fastify';
import { Kysely, PostgresDialect } from 'kysely';
import { catalogRoutes } from './catalog/routes.js';
import { cycleRoutes } from './cycles/routes.js';
import { ReadModels } from './readModels/readModels.js';

/** The read API over the projections' read models, and the annual follow-up report. */
export default async function reportsApp(app: FastifyInstance, deps: Infrastructure): Promise<void> {
  await app.register(serviceBase, { ...deps, title: 'pdca-ledger reports API（年次フォローアップ）' });
  // Strong ETags over the body: a client polling a cycle gets 304 until the read model changes.
  await app.register(etag);
  // Not destroyed on close: that would end the pool, which belongs to the composition root.
  const models = new ReadModels(
    new Kysely<unknown>({ dialect: new PostgresDialect({ pool: deps.pool }) }),
    deps.readModelSchemaPrefix,
  );
  catalogRoutes(app, models);
  cycleRoutes(app, models);
}
