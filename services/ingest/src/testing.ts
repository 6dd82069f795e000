import { loadCatalog, seedCatalog } from '@pdca/catalog';
import { PostgresEventStore } from '@pdca/eventstore';
import { createTestEventStore, type TestEventStore } from '@pdca/eventstore/testing';
import { migrateIdempotency, migrateTokens, TokenStore, validatorOptions, type Role } from '@pdca/platform';
import Fastify, { type FastifyInstance } from 'fastify';
import { fileURLToPath } from 'node:url';
import ingestApp from './app.js';

const catalogDir = fileURLToPath(new URL('../../../seeds/catalog', import.meta.url));

export interface IngestFixture {
  readonly app: FastifyInstance;
  readonly store: TestEventStore;
  readonly tokens: TokenStore;
  /** A bearer header for a fresh token of that role (and ministry). */
  bearer(role: Role, ministry?: string): Promise<{ authorization: string }>;
  /** Another ingest instance on the same database, as a second process would be (own store, own caches). */
  anotherInstance(): Promise<FastifyInstance>;
  dispose(): Promise<void>;
}

/** The ingest app over a fresh event store holding the real strategy catalog. */
export async function ingestFixture(): Promise<IngestFixture> {
  const store = await createTestEventStore();
  await migrateTokens(store.pool);
  await migrateIdempotency(store.pool);
  await seedCatalog(store.store, await loadCatalog(catalogDir), { now: new Date(), runId: 'test-seed' });
  const tokens = new TokenStore(store.pool);
  const build = async (eventStore: PostgresEventStore) => {
    const instance = Fastify(validatorOptions);
    await instance.register(ingestApp, { pool: store.pool, eventStore, tokens, tokenCacheMs: 0 });
    return instance;
  };
  const app = await build(store.store);
  const others: { app: FastifyInstance; eventStore: PostgresEventStore }[] = [];
  return {
    app,
    store,
    tokens,
    async bearer(role, ministry) {
      const { token } = await tokens.create({ role, ministry: ministry ?? null });
      return { authorization: `Bearer ${token}` };
    },
    async anotherInstance() {
      const eventStore = new PostgresEventStore({ pool: store.pool, schema: store.schema, pollIntervalMs: 1000 });
      const other = await build(eventStore);
      others.push({ app: other, eventStore });
      return other;
    },
    async dispose() {
      for (const other of others) {
        await other.app.close();
        await other.eventStore.close();
      }
      await app.close();
      await store.dispose();
    },
  };
}
