import etag from '@fastify/etag';
import { serviceBase, type Infrastructure } from '@pdca/platform';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { Kysely, PostgresDialect } from 'kysely';
import { auditRoutes } from './audit/routes.js';
import { catalogRoutes } from './catalog/routes.js';
import { cycleRoutes } from './cycles/routes.js';
import { historyRoutes } from './history/routes.js';
import { metricsRoute, ReportsMetrics } from './metrics.js';
import { ReadModels } from './readModels/readModels.js';
import { reportQueue, reportWorker } from './reports/reportQueue.js';
import { ReportStore } from './reports/reportStore.js';
import { reportRoutes } from './reports/routes.js';

export interface ReportsOptions extends Infrastructure {
  /** BullMQ queue of report jobs (default pdca-reports); tests use their own. */
  readonly reportQueueName?: string;
  /** How long ago a report's `asOf` must at least be (default 60 s). */
  readonly reportAsOfSettlingMs?: number;
}

/** The read API over the projections' read models, and the annual follow-up report. */
export default async function reportsApp(app: FastifyInstance, deps: ReportsOptions): Promise<void> {
  await app.register(serviceBase, { ...deps, title: 'pdca-ledger reports API（年次フォローアップ）' });
  // Strong ETags over the body: a client polling a cycle gets 304 until the read model changes.
  await app.register(etag);
  // Not destroyed on close: that would end the pool, which belongs to the composition root.
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: deps.pool }) });
  const prefix = deps.readModelSchemaPrefix ?? 'rm_';
  const models = new ReadModels(db, prefix);
  const metrics = new ReportsMetrics();
  catalogRoutes(app, models, deps.eventStore);
  cycleRoutes(app, models, deps.eventStore);
  metricsRoute(app, metrics, models);
  auditRoutes(app);
  historyRoutes(app, { models, store: deps.eventStore });
  if (deps.redisUrl) {
    const store = new ReportStore(deps.pool, db, prefix);
    await store.migrate();
    // BullMQ workers block on Redis: their connection must not give up on commands.
    const connection = new Redis(deps.redisUrl, { maxRetriesPerRequest: null });
    const queue = reportQueue(connection, deps.reportQueueName);
    const worker = reportWorker({
      connection,
      ...(deps.reportQueueName && { queueName: deps.reportQueueName }),
      log: app.log,
    });
    worker.on('completed', () => metrics.jobs.inc({ outcome: 'completed' }));
    worker.on('failed', () => metrics.jobs.inc({ outcome: 'failed' }));
    reportRoutes(app, {
      models,
      store,
      queue,
      schemaPrefix: prefix,
      ...(deps.reportAsOfSettlingMs !== undefined && { settlingMs: deps.reportAsOfSettlingMs }),
    });
    app.addHook('onClose', async () => {
      await worker.close();
      await queue.close();
      await connection.quit();
    });
  }
}
