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

export const VISITORS = 'kpi-outcome-a-4.1'; // 訪日外国人旅行者数, JTA
export const NIGHTS = 'kpi-outcome-a-4.2'; // 訪日外国人延べ宿泊者数のうち三大都市圏以外, JTA

/** Appends an actual's report, correction or retraction as JTA's submitter would. */
export const reportActual = (f: ReportsFixture, kpiId: string, period: string, type: string, data: object) =>
  f.ledger.append(
    `actual-${kpiId}@${period}`,
    type,
    { kpiId, period, component: null, ...data },
    { name: 'submitter-JTA', role: 'submitter', ministry: 'JTA' },
  );

/** 訪日外国人旅行者数 with its baseline (3,687 in 2024), the final 2024 actual and a preliminary 2025 one (3,990). */
export async function seedVisitors(f: ReportsFixture): Promise<void> {
  await f.ledger.revise('KpiBaselineRevised', {
    kind: 'kpi',
    id: VISITORS,
    facet: 'baseline',
    value: { value: 3687, at: { basis: 'calendar_year', year: 2024 } },
    reason: '2024年の確報値',
  });
  await reportActual(f, VISITORS, 'CY2024', 'KpiActualReported', {
    value: 3687,
    status: 'final',
    source: null,
    note: null,
  });
  await reportActual(f, VISITORS, 'CY2025', 'KpiActualReported', {
    value: 3990,
    status: 'preliminary',
    source: null,
    note: null,
  });
}
