import type { EventStore, RecordedEvent } from '@pdca/eventstore';
import { sql, type Kysely } from 'kysely';
import { advanceCheckpoint, checkpointMigration } from './checkpoint.js';
import { useSchema, type Projection } from './projection.js';

/** Up to and including a log position, or every event recorded at or before a time. */
export type Bound = { readonly position: number } | { readonly time: Date };

export interface ScratchReplay {
  readonly events: number;
  /** The checkpoint left in the scratch schema: the bound's position, or the last event replayed. */
  readonly position: number | null;
  readonly lastEventAt: Date | null;
}

/** True when the event is within the bound. */
export const withinBound = (bound: Bound, event: Pick<RecordedEvent, 'position' | 'recordedAt'>): boolean =>
  'position' in bound ? event.position <= bound.position : event.recordedAt <= bound.time;

/** Read-stream options that stop at the bound. */
export const streamBound = (bound: Bound) =>
  'position' in bound ? { toPosition: bound.position } : { toTime: bound.time };

/**
 * The events of a slice, in log order, up to the first one past the bound. A time bound cuts the log at
 * one position like this everywhere, so what is "as of T" is a prefix of the log, and replaying up to
 * that prefix's last position gives the same answer.
 */
export function prefixWithin(bound: Bound, events: readonly RecordedEvent[]): RecordedEvent[] {
  const past = events.findIndex((event) => !withinBound(bound, event));
  return past === -1 ? [...events] : events.slice(0, past);
}

/** A projection's tables in a new schema that exists only inside the transaction `trx`, until it commits. */
export async function createScratchSchema(trx: Kysely<unknown>, projection: Projection, schema: string): Promise<void> {
  await sql`CREATE SCHEMA ${sql.id(schema)}`.execute(trx);
  const migrations = { ...checkpointMigration(schema), ...projection.migrations(schema) };
  for (const name of Object.keys(migrations).sort()) await migrations[name]!.up(trx);
}

/**
 * Builds a projection's read model from the start of the log up to a bound, in a schema created inside
 * the caller's transaction: the projection's own migrations and applier, so the tables are the ones the
 * live worker would have had at that point. Rolling the transaction back leaves nothing behind.
 * With a position bound the checkpoint is that position, as the live worker's would have been.
 */
export async function replayInTransaction(
  trx: Kysely<unknown>,
  options: {
    readonly projection: Projection;
    readonly schema: string;
    readonly store: EventStore;
    readonly until: Bound;
    readonly batchSize?: number;
    readonly onBatch?: (replayed: { events: number; position: number | null }) => void | Promise<void>;
  },
): Promise<ScratchReplay> {
  const { projection, schema, store, until, batchSize = 5000 } = options;
  await createScratchSchema(trx, projection, schema);
  const applier = projection.createApplier();
  let events = 0;
  let last: RecordedEvent | undefined;
  for (let after: number | undefined; ;) {
    const slice = await store.readAll({
      ...(after !== undefined && { after }),
      limit: batchSize,
      ...(projection.categories && { categories: projection.categories }),
    });
    const batch = prefixWithin(until, slice.events);
    if (batch.length > 0) await applier.apply(await useSchema(trx, schema), batch);
    events += batch.length;
    last = batch.at(-1) ?? last;
    await options.onBatch?.({ events, position: last?.position ?? null });
    if (slice.isEnd || batch.length < slice.events.length) break;
    after = slice.position ?? after;
  }
  const position = 'position' in until ? until.position : (last?.position ?? null);
  const lastEventAt = last?.recordedAt ?? null;
  await advanceCheckpoint(trx, schema, { position: position ?? undefined, events, lastEventAt });
  return { events, position, lastEventAt };
}
