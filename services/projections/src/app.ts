import { PostgresEventStore } from '@pdca/eventstore';
import { serviceBase, type Infrastructure } from '@pdca/platform';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { Kysely, PostgresDialect } from 'kysely';
import { PROJECTIONS } from './projections.js';
import { ProjectionMetrics } from './runner/metrics.js';
import { liveSchema, type Projection } from './runner/projection.js';
import { migrateProjection, ProjectionRunner } from './runner/projectionRunner.js';
import { rebuildQueue, rebuildWorker } from './rebuilds/rebuildQueue.js';
import { rebuildRoutes } from './rebuilds/routes.js';
import { Sealer } from './sealer/sealer.js';
import { statusRoutes } from './status/routes.js';

export interface ProjectionsOptions extends Infrastructure {
  /** The projections to run (all by default); tests pick some. */
  readonly projections?: readonly Projection[];
  readonly batchSize?: number;
  readonly leaseRetryMs?: number;
  /** BullMQ queue of rebuild jobs (default pdca-projection-rebuilds); tests use their own. */
  readonly rebuildQueueName?: string;
}

/** The projection workers' process: one runner per read model, /metrics, and status on /health. */
export default async function projectionsApp(app: FastifyInstance, options: ProjectionsOptions): Promise<void> {
  await app.register(serviceBase, { ...options, title: 'pdca-ledger projections（集計・読み取りモデル）' });
  const prefix = options.readModelSchemaPrefix ?? 'rm_';
  // Not destroyed on close: that would end the pool, which belongs to the composition root.
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: options.pool }) });
  const metrics = new ProjectionMetrics();
  const runners = (options.projections ?? PROJECTIONS).map(
    (projection) =>
      new ProjectionRunner({
        projection,
        schema: liveSchema(projection, prefix),
        store: options.eventStore,
        pool: options.pool,
        db,
        log: app.log,
        metrics,
        ...(options.batchSize && { batchSize: options.batchSize }),
        ...(options.leaseRetryMs && { leaseRetryMs: options.leaseRetryMs }),
      }),
  );
  for (const runner of runners) await migrateProjection(options.pool, runner.options.projection, runner.schema);
  app.addHook('onReady', () => {
    for (const runner of runners) runner.start();
  });
  app.addHook('onClose', async () => {
    await Promise.all(runners.map((r) => r.stop()));
  });
  // The global hash chain, sealed beside the projections (PostgreSQL store only: KurrentDB keeps its own log).
  if (options.eventStore instanceof PostgresEventStore) {
    const sealer = new Sealer({ pool: options.pool, store: options.eventStore, log: app.log });
    app.addHook('onReady', () => sealer.start());
    app.addHook('onClose', () => sealer.stop());
  }
  app.healthReports.set('projections', () => {
    const failed = runners.filter((r) => r.status === 'failed');
    return {
      ok: failed.length === 0,
      detail: Object.fromEntries(
        runners.map((r) => [r.name, { status: r.status, position: r.position ?? null, failure: r.failure }]),
      ),
    };
  });
  statusRoutes(app, { runners, metrics });
  if (options.redisUrl) {
    // BullMQ workers block on Redis: their connection must not give up on commands.
    const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
    const projections = runners.map((r) => r.options.projection);
    const queue = rebuildQueue(connection, options.rebuildQueueName);
    const worker = rebuildWorker({
      connection,
      ...(options.rebuildQueueName && { queueName: options.rebuildQueueName }),
      projections,
      schemaOf: (projection) => liveSchema(projection, prefix),
      store: options.eventStore,
      pool: options.pool,
      db,
      log: app.log,
    });
    rebuildRoutes(app, { queue, names: projections.map((p) => p.name) });
    app.addHook('onClose', async () => {
      await worker.close();
      await queue.close();
      await connection.quit();
    });
  }
}
