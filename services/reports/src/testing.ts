import { migrateTokens, TokenStore, validatorOptions, type Role } from '@pdca/platform';
import { projectionsFixture, type ProjectionsFixture } from '@pdca/projections/testing';
import Fastify, { type FastifyInstance } from 'fastify';
import reportsApp from './app.js';

export interface ReportsFixture {
  readonly ledger: ProjectionsFixture;
  /** The projections app keeping the read models current. */
  readonly projections: FastifyInstance;
  readonly app: FastifyInstance;
  bearer(role: Role, ministry?: string): Promise<{ authorization: string }>;
  /** Waits until the read models hold everything appended so far. */
  settled(): Promise<void>;
  /** Polls a report's status until its job completed or failed; returns the last status. */
  reportDone<T extends { status: string }>(reportId: string, timeoutMs?: number): Promise<T>;
  dispose(): Promise<void>;
}

/** The reports app over read models that a projections app keeps, on a store seeded with the catalog. */
export async function reportsFixture(
  options: { reportQueueName?: string; reportAsOfSettlingMs?: number } = {},
): Promise<ReportsFixture> {
  const ledger = await projectionsFixture();
  await migrateTokens(ledger.store.pool);
  const projections = await ledger.startApp();
  const tokens = new TokenStore(ledger.store.pool);
  const app = Fastify(validatorOptions);
  await app.register(reportsApp, {
    pool: ledger.store.pool,
    eventStore: ledger.store.store,
    tokens,
    tokenCacheMs: 0,
    readModelSchemaPrefix: ledger.prefix,
    ...(options.reportAsOfSettlingMs !== undefined && { reportAsOfSettlingMs: options.reportAsOfSettlingMs }),
    ...(options.reportQueueName && {
      reportQueueName: options.reportQueueName,
      redisUrl: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    }),
  });
  await app.ready();
  return {
    ledger,
    projections,
    app,
    async bearer(role, ministry) {
      const { token } = await tokens.create({ role, ministry: ministry ?? null });
      return { authorization: `Bearer ${token}` };
    },
    settled: () => ledger.caughtUp(projections),
    async reportDone<T extends { status: string }>(reportId: string, timeoutMs = 60_000) {
      const headers = { authorization: `Bearer ${(await tokens.create({ role: 'auditor', ministry: null })).token}` };
      for (const deadline = Date.now() + timeoutMs; ;) {
        const status = (await app.inject({ method: 'GET', url: `/v1/reports/${reportId}`, headers })).json<T>();
        if (status.status === 'completed' || status.status === 'failed' || Date.now() > deadline) return status;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async dispose() {
      await app.close();
      await ledger.dispose();
    },
  };
}
