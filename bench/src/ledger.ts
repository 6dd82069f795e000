import { migrateEventStore, PostgresEventStore, storeLayout } from '@pdca/eventstore';
import { ensureDatabase } from '@pdca/platform';
import {
  liveSchema,
  migrateProjection,
  PROJECTIONS,
  ProjectionMetrics,
  ProjectionRunner,
} from '@pdca/projections/runner';
import type { FastifyBaseLogger } from 'fastify';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';

/**
 * ≈1,000,000 events: 2,000 KPIs × 10 years × (a report and 39 corrections, some retractions), and 1,000
 * roadmap items × 10 years × 20 status reports; `scale` shrinks it for a quick run.
 */
export const millionEventLedger = (scale: number) => ({
  kpis: Math.round(2000 * scale),
  years: 10,
  correctionsPerPeriod: 39,
  retractEvery: 50,
  roadmapItems: Math.round(1000 * scale),
  milestoneReportsPerYear: 20,
});

/** Warnings and errors only, as plain lines on stderr. */
export const quietLog = {
  info: () => undefined,
  warn: (o: unknown, m?: string) => process.stderr.write(`warn ${m ?? ''} ${JSON.stringify(o)}\n`),
  error: (o: unknown, m?: string) => process.stderr.write(`error ${m ?? ''} ${JSON.stringify(o)}\n`),
  debug: () => undefined,
  trace: () => undefined,
  fatal: () => undefined,
  child: () => quietLog,
  level: 'warn',
  silent: () => undefined,
} as unknown as FastifyBaseLogger;

export interface Ledger {
  readonly pool: pg.Pool;
  readonly store: PostgresEventStore;
  readonly db: Kysely<unknown>;
  close(): Promise<void>;
}

/** An empty event store (and no read models) in the bench's own database. */
export async function freshLedger(databaseUrl: string): Promise<Ledger> {
  await ensureDatabase(databaseUrl);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const { rows } = await pool.query<{ nspname: string }>(
    "SELECT nspname FROM pg_namespace WHERE nspname = 'eventstore' OR nspname LIKE 'rm\\_%'",
  );
  for (const { nspname } of rows) await pool.query(`DROP SCHEMA "${nspname}" CASCADE`);
  await migrateEventStore(pool, storeLayout('eventstore'));
  const store = new PostgresEventStore({ pool });
  return {
    pool,
    store,
    db: new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) }),
    async close() {
      await store.close();
      await pool.end();
    },
  };
}

/** Every projection's worker, as the service runs them, over empty read models. */
export async function projectionWorkers({ pool, store, db }: Ledger) {
  for (const projection of PROJECTIONS) await migrateProjection(pool, projection, liveSchema(projection));
  const metrics = new ProjectionMetrics();
  const runners = PROJECTIONS.map(
    (projection) => new ProjectionRunner({ projection, store, pool, db, log: quietLog, metrics }),
  );
  return {
    start: () => runners.forEach((r) => r.start()),
    /** Resolves once every projection is live with nothing left to apply. */
    async settled(pollMs = 100): Promise<void> {
      for (;;) {
        const lags = await Promise.all(runners.map((r) => r.lag(1)));
        if (runners.every((r) => r.status === 'live') && lags.every((l) => l.events === 0)) return;
        if (runners.some((r) => r.status === 'failed')) throw new Error(JSON.stringify(runners.map((r) => r.failure)));
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
    },
    stop: () => Promise.all(runners.map((r) => r.stop())),
  };
}
