import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrateEventStore } from './postgres/migrations.js';
import { PostgresEventStore } from './postgres/postgresEventStore.js';
import { storeLayout } from './postgres/layout.js';

export function testDatabaseUrl(): string {
  return process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/pdca_test';
}

export interface TestEventStore {
  readonly store: PostgresEventStore;
  readonly pool: pg.Pool;
  readonly schema: string;
  dispose(): Promise<void>;
}

/** A Postgres event store in a fresh schema of the test database, so test files can run in parallel. */
export async function createTestEventStore(
  options: { poolSize?: number; pollIntervalMs?: number } = {},
): Promise<TestEventStore> {
  const schema = `es_test_${randomBytes(6).toString('hex')}`;
  const pool = new pg.Pool({ connectionString: testDatabaseUrl(), max: options.poolSize ?? 10 });
  await migrateEventStore(pool, storeLayout(schema));
  const store = new PostgresEventStore({ pool, schema, pollIntervalMs: options.pollIntervalMs ?? 1000 });
  return {
    store,
    pool,
    schema,
    async dispose() {
      await store.close();
      await pool.query(`DROP SCHEMA ${pg.escapeIdentifier(schema)} CASCADE`);
      await pool.end();
    },
  };
}
