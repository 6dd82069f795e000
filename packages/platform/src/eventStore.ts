import {
  KurrentEventStore,
  migrateEventStore,
  PostgresEventStore,
  storeLayout,
  type EventStore,
} from '@pdca/eventstore';
import type pg from 'pg';
import { migrateTokens } from './auth/tokenStore.js';
import { migrateIdempotency } from './idempotency.js';
import type { Config } from './config.js';

/** The adapter the configuration names; the Postgres one shares the service's pool. */
export function createEventStore(
  config: Pick<Config, 'eventStore'>,
  pool: pg.Pool,
  onError: (e: unknown) => void,
): EventStore {
  return config.eventStore.kind === 'kurrentdb'
    ? new KurrentEventStore({ connectionString: config.eventStore.url })
    : new PostgresEventStore({ pool, schema: config.eventStore.schema, onError });
}

/** Every forward-only migration the system owns, in dependency order. */
export async function migrateAll(config: Pick<Config, 'eventStore'>, pool: pg.Pool): Promise<string[]> {
  const applied: string[] = [...(await migrateTokens(pool)), ...(await migrateIdempotency(pool))];
  if (config.eventStore.kind === 'postgres') {
    const result = await migrateEventStore(pool, storeLayout(config.eventStore.schema));
    applied.push(...(result.results ?? []).map((r) => `eventstore:${r.migrationName}`));
  }
  return applied;
}
