import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { loadCatalog, seedCatalog } from '@pdca/catalog';
import { entryStreamId, type EntryKind } from '@pdca/domain';
import type { JsonObject } from '@pdca/eventstore';
import { createTestEventStore, type TestEventStore } from '@pdca/eventstore/testing';
import { TokenStore, validatorOptions } from '@pdca/platform';
import Fastify, { type FastifyInstance } from 'fastify';
import projectionsApp from './app.js';
import type { Projection } from './runner/projection.js';

const catalogDir = fileURLToPath(new URL('../../../seeds/catalog', import.meta.url));

export interface ProjectionsFixture {
  readonly store: TestEventStore;
  /** Read-model schemas of this fixture: `<prefix>cycles`, `<prefix>catalog`. */
  readonly prefix: string;
  startApp(options?: {
    projections?: readonly Projection[];
    batchSize?: number;
    /** Another set of read-model schemas than `prefix`, to compare two builds. */
    prefix?: string;
    /** Runs rebuild jobs from this queue on the test Redis. */
    rebuildQueueName?: string;
  }): Promise<FastifyInstance>;
  /** Appends one event as a ministry or the secretariat would have through ingest. */
  append(streamId: string, type: string, data: JsonObject, who?: Who): Promise<number>;
  /** Appends a catalog entry's facet change (a target revision, an owner assignment, …) to the entry's stream. */
  revise(
    type: string,
    change: { kind: EntryKind; id: string; facet: string; value: JsonObject; reason: string | null },
  ): Promise<number>;
  /** Resolves once every projection of the app is live with nothing left to apply. */
  caughtUp(app: FastifyInstance, timeoutMs?: number): Promise<void>;
  dispose(): Promise<void>;
}

export interface Who {
  readonly name: string;
  readonly role: 'submitter' | 'secretariat';
  readonly ministry: string | null;
  readonly onBehalfOf?: string | null;
  readonly note?: string | null;
}

/** The projections app over a fresh event store holding the real strategy catalog. */
export async function projectionsFixture(): Promise<ProjectionsFixture> {
  const store = await createTestEventStore({ pollIntervalMs: 200 });
  await seedCatalog(store.store, await loadCatalog(catalogDir), { now: new Date(), runId: 'test-seed' });
  const prefix = `${store.schema}_rm_`;
  const apps: FastifyInstance[] = [];
  const fixture: ProjectionsFixture = {
    store,
    prefix,
    async startApp(options = {}) {
      const app = Fastify(validatorOptions);
      await app.register(projectionsApp, {
        pool: store.pool,
        eventStore: store.store,
        tokens: new TokenStore(store.pool),
        leaseRetryMs: 100,
        ...(options.projections && { projections: options.projections }),
        ...(options.batchSize && { batchSize: options.batchSize }),
        readModelSchemaPrefix: options.prefix ?? prefix,
        ...(options.rebuildQueueName && {
          rebuildQueueName: options.rebuildQueueName,
          redisUrl: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
        }),
      });
      await app.ready();
      apps.push(app);
      return app;
    },
    async append(streamId, type, data, who = { name: 'test', role: 'secretariat', ministry: null }) {
      const result = await store.store.append(
        streamId,
        [
          {
            id: randomUUID(),
            type,
            data,
            metadata: {
              actor: randomUUID(),
              actorName: who.name,
              role: who.role,
              ministry: who.ministry,
              onBehalfOf: who.onBehalfOf ?? null,
              requestId: randomUUID(),
              idempotencyKey: null,
              note: who.note ?? null,
              occurredAt: new Date().toISOString(),
              schemaVersion: 1,
            },
          },
        ],
        { expectedVersion: 'any' },
      );
      return result.position;
    },
    revise(type, change) {
      return fixture.append(entryStreamId(change.kind, change.id), type, change);
    },
    async caughtUp(app, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { projections } = (await app.inject({ method: 'GET', url: '/v1/projections' })).json<{
          projections: { status: string; lagEvents: number; failure: unknown }[];
        }>();
        if (projections.every((p) => p.status === 'live' && p.lagEvents === 0)) return;
        if (projections.some((p) => p.failure)) throw new Error(`a projection failed: ${JSON.stringify(projections)}`);
        if (Date.now() > deadline) throw new Error(`projections not caught up: ${JSON.stringify(projections)}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    async dispose() {
      for (const app of apps) await app.close();
      const { rows } = await store.pool.query<{ nspname: string }>(
        'SELECT nspname FROM pg_namespace WHERE nspname LIKE $1',
        [`${prefix}%`],
      );
      for (const { nspname } of rows) await store.pool.query(`DROP SCHEMA "${nspname}" CASCADE`);
      await store.dispose();
    },
  };
  return fixture;
}

export { appendSyntheticLedger } from './synthetic/syntheticLedger.js';
export { tableDigest } from './synthetic/tableDigest.js';
export { PROJECTIONS } from './projections.js';
export { liveSchema } from './runner/projection.js';

/** 訪日外国人旅行者数's target lowered to 4,500万人 by 2030: a revision the tests use to re-assess. */
export const VISITORS_TARGET_4500 = {
  form: { kind: 'absolute', quantity: { value: 4500, scale: 'man', unit: '人' }, comparator: 'eq' },
  polarity: 'increase',
  due: { basis: 'calendar_year', year: 2030 },
  raw: '4,500 万人（2030 年）',
};
