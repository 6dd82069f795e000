import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { loadCatalog, seedCatalog, type SeedResult } from '@pdca/catalog';
import { createEventStore, type Config } from '@pdca/platform';
import type pg from 'pg';

const catalogDir = fileURLToPath(new URL('../../seeds/catalog', import.meta.url));

/** Loads the strategy catalog into the configured event store (idempotent). */
export async function seedFromFiles(config: Config, pool: pg.Pool, onError: (e: unknown) => void): Promise<SeedResult> {
  const catalog = await loadCatalog(catalogDir);
  const store = createEventStore(config, pool, onError);
  try {
    return await seedCatalog(store, catalog, { now: new Date(), runId: `seed-${randomUUID()}` });
  } finally {
    await store.close();
  }
}
