import type { RecordedEvent } from '@pdca/eventstore';
import { sql, type Kysely, type Migration } from 'kysely';

/** Applies batches of events to a projection's tables; may cache what it read, for its own lifetime. */
export interface Applier {
  /**
   * `db` is a transaction with the projection's schema as default; the runner commits it with the
   * checkpoint. Each projection types it with its own tables.
   */
  apply(db: Kysely<unknown>, events: readonly RecordedEvent[]): Promise<void>;
}

/**
 * A read model fed from the event log. Its tables live in one schema of their own (`rm_<name>`), so a
 * rebuild can fill a fresh schema beside the live one and swap the two in one transaction.
 */
export interface Projection {
  readonly name: string;
  /** Only events of these stream categories reach the applier; all events when omitted. */
  readonly categories?: readonly string[];
  /** Forward-only migrations of its tables and views in `schema`, frozen once landed. */
  migrations(schema: string): Record<string, Migration>;
  /**
   * A fresh applier. The runner makes a new one whenever a transaction did not commit, so cached state
   * never runs ahead of the tables.
   */
  createApplier(): Applier;
}

/**
 * Makes the schema the default for the rest of the transaction, for raw SQL as well as the query builder.
 * Also commits without waiting for the WAL flush: a read model is derived data, and a crash that loses
 * its last commit loses the checkpoint with it, so the batch is simply applied again.
 */
export async function useSchema(trx: Kysely<unknown>, schema: string): Promise<Kysely<unknown>> {
  await sql`SELECT set_config('search_path', ${schema}, true), set_config('synchronous_commit', 'off', true)`.execute(
    trx,
  );
  return trx.withSchema(schema);
}

export const liveSchema = (projection: Pick<Projection, 'name'>, prefix = 'rm_'): string =>
  `${prefix}${projection.name}`;
