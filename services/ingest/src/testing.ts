import { loadCatalog, seedCatalog } from '@pdca/catalog';
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
  dispose(): Promise<void>;
}

/** The ingest app over a fresh event store holding the real strategy catalog. */
export async function ingestFixture(): Promise<IngestFixture> {
  const store = await createTestEventStore();
  await migrateTokens(store.pool);
  await migrateIdempotency(store.pool);
  await seedCatalog(store.store, await loadCatalog(catalogDir), { now: new Date(), runId: 'test-seed' });
  const tokens = new TokenStore(store.pool);
  const app = Fastify(validatorOptions);
  await app.register(ingestApp, { pool: store.pool, eventStore: store.store, tokens, tokenCacheMs: 0 });
  return {
    app,
    store,
    tokens,
    async bearer(role, ministry) {
      const { token } = await tokens.create({ role, ministry: ministry ?? null });
      return { authorization: `Bearer ${token}` };
    },
    async dispose() {
      await app.close();
      await store.dispose();
    },
  };
}
