import type { EventStore } from '@pdca/eventstore';
import { sql, type Kysely } from 'kysely';
import type pg from 'pg';
import { advanceCheckpoint, readCheckpoint } from './checkpoint.js';
import { useSchema, type Projection } from './projection.js';
import { migrateProjection } from './projectionRunner.js';

export interface RebuildProgress {
  readonly projection: string;
  readonly events: number;
  readonly position: number | undefined;
  /** The log's head when the rebuild started: progress is position / head. */
  readonly head: number | undefined;
  readonly phase: 'replaying' | 'swapping' | 'done';
}

export interface RebuildOptions {
  readonly projection: Projection;
  readonly schema: string;
  readonly store: EventStore;
  readonly pool: pg.Pool;
  readonly db: Kysely<unknown>;
  readonly batchSize?: number;
  readonly onProgress?: (progress: RebuildProgress) => void | Promise<void>;
}

/**
 * Replays the whole log into a fresh schema beside the live one, then swaps the two in one transaction.
 * Readers keep using the live tables until the swap commits. The swap first locks the live checkpoint,
 * so the live worker is between batches; it applies what arrived meanwhile to the new tables, renames,
 * and the live worker finds a checkpoint it did not write and resubscribes from it.
 */
export async function rebuildProjection(options: RebuildOptions): Promise<RebuildProgress> {
  const { projection, schema, store, pool, db, batchSize = 5000 } = options;
  const next = `${schema}__next`;
  const old = `${schema}__old`;
  await sql`DROP SCHEMA IF EXISTS ${sql.id(next)} CASCADE`.execute(db);
  await migrateProjection(pool, projection, next);
  const head = await store.headPosition();
  let applier = projection.createApplier();
  let events = 0;
  let position: number | undefined;
  const report = (phase: RebuildProgress['phase']) =>
    options.onProgress?.({ projection: projection.name, events, position, head, phase });

  /** Reads and applies up to the end of the log; in `trx` when given, else a transaction per batch. */
  const catchUp = async (trx?: Kysely<unknown>) => {
    for (;;) {
      const slice = await store.readAll({
        ...(position !== undefined && { after: position }),
        limit: batchSize,
        ...(projection.categories && { categories: projection.categories }),
      });
      const apply = async (t: Kysely<unknown>) => {
        if (slice.events.length > 0) await applier.apply(await useSchema(t, next), slice.events);
        await advanceCheckpoint(t, next, {
          position: slice.position ?? position,
          events: slice.events.length,
          lastEventAt: slice.events.at(-1)?.recordedAt ?? null,
        });
      };
      if (trx) await apply(trx);
      else
        await db
          .transaction()
          .execute(apply)
          .catch((error: unknown) => {
            applier = projection.createApplier();
            throw error;
          });
      position = slice.position ?? position;
      events += slice.events.length;
      if (!trx) await report('replaying');
      if (slice.isEnd) return;
    }
  };

  // Most of the log: a subscription, which reads the next page while this one is applied.
  const subscription = store.subscribe({
    ...(projection.categories && { categories: projection.categories }),
    batchSize,
  });
  try {
    for await (const batch of subscription) {
      if (batch.events.length > 0 || batch.position !== position)
        await db
          .transaction()
          .execute(async (trx) => {
            if (batch.events.length > 0) await applier.apply(await useSchema(trx, next), batch.events);
            await advanceCheckpoint(trx, next, {
              position: batch.position ?? position,
              events: batch.events.length,
              lastEventAt: batch.events.at(-1)?.recordedAt ?? null,
            });
          })
          .catch((error: unknown) => {
            applier = projection.createApplier();
            throw error;
          });
      position = batch.position ?? position;
      events += batch.events.length;
      await report('replaying');
      if (batch.caughtUp) break;
    }
  } finally {
    await subscription.close();
  }
  // Anything the subscription had not reached yet, batch by batch; the rest inside the swap below.
  await catchUp();
  await report('swapping');
  await db.transaction().execute(async (trx) => {
    const live = await sql<{ exists: boolean }>`
      SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ${schema}) AS exists`.execute(trx);
    if (live.rows[0]?.exists) await readCheckpoint(trx, schema, true);
    await catchUp(trx);
    if (live.rows[0]?.exists) await sql`ALTER SCHEMA ${sql.id(schema)} RENAME TO ${sql.id(old)}`.execute(trx);
    await sql`ALTER SCHEMA ${sql.id(next)} RENAME TO ${sql.id(schema)}`.execute(trx);
  });
  await sql`DROP SCHEMA IF EXISTS ${sql.id(old)} CASCADE`.execute(db);
  await report('done');
  return { projection: projection.name, events, position, head, phase: 'done' };
}
