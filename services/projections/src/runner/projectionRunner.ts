import { setTimeout as sleep } from 'node:timers/promises';
import type { EventStore, RecordedEvent, Subscription } from '@pdca/eventstore';
import { migrateSchema } from '@pdca/platform';
import { sql, type Kysely } from 'kysely';
import type pg from 'pg';
import type { FastifyBaseLogger } from 'fastify';
import { advanceCheckpoint, checkpointMigration, readCheckpoint, recordFailure, type Failure } from './checkpoint.js';
import type { ProjectionMetrics } from './metrics.js';
import { liveSchema, useSchema, type Applier, type Projection } from './projection.js';

export type RunnerStatus = 'starting' | 'standby' | 'catching_up' | 'live' | 'failed' | 'stopped';

export interface RunnerOptions {
  readonly projection: Projection;
  readonly store: EventStore;
  readonly pool: pg.Pool;
  readonly db: Kysely<unknown>;
  readonly log: FastifyBaseLogger;
  readonly metrics: ProjectionMetrics;
  readonly batchSize?: number;
  /** How often a standby worker tries to take the projection over. */
  readonly leaseRetryMs?: number;
  /** The schema the projection's tables live in (default `rm_<name>`). */
  readonly schema?: string;
}

/** Prepares a projection's schema: the checkpoint table and the projection's own migrations. */
export async function migrateProjection(pool: pg.Pool, projection: Projection, schema: string) {
  return migrateSchema(pool, schema, { ...checkpointMigration(schema), ...projection.migrations(schema) });
}

/**
 * Follows the log for one projection. Only the worker holding the projection's advisory lock applies
 * (the lock lives on the connection, so a crashed worker's projection is free at once and a standby takes
 * it over). Each batch commits in one transaction with the checkpoint, which it first locks and compares
 * with where this worker thinks it is: a worker that lost its lease, or a rebuild swapped in underneath,
 * finds a different checkpoint, applies nothing and resubscribes from the stored one. A batch that fails
 * is retried event by event to find the culprit; the runner commits everything before it, records the
 * event and the error, and stops there.
 */
export class ProjectionRunner {
  readonly schema: string;
  #status: RunnerStatus = 'starting';
  #position: number | undefined;
  #failure: Failure | null = null;
  #stopped = false;
  #running: Promise<void> | undefined;
  #subscription: Subscription | undefined;
  readonly #abort = new AbortController();

  constructor(readonly options: RunnerOptions) {
    this.schema = options.schema ?? liveSchema(options.projection);
  }

  get name(): string {
    return this.options.projection.name;
  }
  get status(): RunnerStatus {
    return this.#status;
  }
  get position(): number | undefined {
    return this.#position;
  }
  get failure(): Failure | null {
    return this.#failure;
  }

  start(): void {
    this.#running ??= this.#run();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#abort.abort();
    await this.#subscription?.close();
    await this.#running;
    this.#status = 'stopped';
  }

  /** Events in the log after the checkpoint, counted up to `cap`; and how old the oldest of them is. */
  async lag(cap = 10_000): Promise<{ events: number; seconds: number }> {
    const { projection, store } = this.options;
    const slice = await store.readAll({
      ...(this.#position !== undefined && { after: this.#position }),
      limit: cap,
      ...(projection.categories && { categories: projection.categories }),
    });
    const oldest = slice.events[0];
    return {
      events: slice.events.length,
      seconds: oldest ? Math.max(0, (Date.now() - oldest.recordedAt.getTime()) / 1000) : 0,
    };
  }

  async #run(): Promise<void> {
    const { db, log, leaseRetryMs = 1000 } = this.options;
    while (!this.#stopped) {
      try {
        await db.connection().execute(async (connection) => {
          if (!(await this.#tryLease(connection))) {
            this.#status = 'standby';
            return;
          }
          try {
            await this.#follow(connection);
          } finally {
            await sql`SELECT pg_advisory_unlock(hashtextextended(${this.#leaseKey()}, 0))`
              .execute(connection)
              .catch(() => undefined);
          }
        });
      } catch (error) {
        if (this.#stopped) break;
        this.options.metrics.errors.inc({ projection: this.name });
        log.warn({ err: error, projection: this.name }, 'projection worker lost its connection; trying again');
      }
      if (this.#stopped || this.#status === 'failed') break;
      await sleep(leaseRetryMs, undefined, { signal: this.#abort.signal }).catch(() => undefined);
    }
  }

  #leaseKey(): string {
    return `pdca-projection:${this.schema}`;
  }

  async #tryLease(connection: Kysely<unknown>): Promise<boolean> {
    const { rows } = await sql<{ leased: boolean }>`
      SELECT pg_try_advisory_lock(hashtextextended(${this.#leaseKey()}, 0)) AS leased`.execute(connection);
    return rows[0]?.leased === true;
  }

  async #follow(connection: Kysely<unknown>): Promise<void> {
    const { projection, store, log, metrics, batchSize = 5000 } = this.options;
    const labels = { projection: this.name };
    const checkpoint = await readCheckpoint(connection, this.schema);
    this.#position = checkpoint.position;
    if (checkpoint.failure)
      log.info({ projection: this.name, failure: checkpoint.failure }, 'retrying after a failure');
    let applier = projection.createApplier();
    this.#status = 'catching_up';
    log.info({ projection: this.name, position: this.#position }, 'projection worker took the lease');
    this.#subscription = store.subscribe({
      ...(this.#position !== undefined && { after: this.#position }),
      ...(projection.categories && { categories: projection.categories }),
      batchSize,
    });
    for await (const batch of this.#subscription) {
      if (this.#stopped) break;
      if (batch.events.length > 0) {
        const expected = this.#position;
        const outcome = await this.#commit(connection, applier, batch.events, batch.position, expected).catch(
          (error: unknown) => ({ error }),
        );
        if (outcome === 'fenced') {
          log.warn({ projection: this.name }, 'the checkpoint moved under this worker; resubscribing from it');
          return;
        }
        if (typeof outcome === 'object') {
          metrics.errors.inc(labels);
          applier = projection.createApplier();
          await this.#isolateFailure(connection, batch.events, expected, outcome.error);
          return;
        }
        this.#position = batch.position;
        metrics.events.inc(labels, batch.events.length);
        metrics.batches.inc(labels);
        if (this.#position !== undefined) metrics.position.set(labels, this.#position);
      }
      if (batch.caughtUp) this.#status = 'live';
    }
  }

  async #commit(
    connection: Kysely<unknown>,
    applier: Applier,
    events: readonly RecordedEvent[],
    to: number | undefined,
    expected: number | undefined,
  ): Promise<'applied' | 'fenced'> {
    return connection.transaction().execute(async (trx) => {
      if (!(await this.#holdsCheckpoint(trx, expected))) return 'fenced';
      await applier.apply(await useSchema(trx, this.schema), events);
      await advanceCheckpoint(trx, this.schema, {
        position: to,
        events: events.length,
        lastEventAt: events.at(-1)?.recordedAt ?? null,
      });
      return 'applied';
    });
  }

  /**
   * Locks the checkpoint and checks it is where this worker left it. Read twice: a rebuild that swapped
   * schemas while the first read waited for its lock leaves that read on the old tables; the second
   * resolves the name again and locks the checkpoint of the tables now in place.
   */
  async #holdsCheckpoint(trx: Kysely<unknown>, expected: number | undefined): Promise<boolean> {
    const first = await readCheckpoint(trx, this.schema, true);
    const second = await readCheckpoint(trx, this.schema, true);
    return first.position === expected && second.position === expected;
  }

  /** Applies the batch event by event, commits the good prefix, and records the event that fails. */
  async #isolateFailure(
    connection: Kysely<unknown>,
    events: readonly RecordedEvent[],
    expected: number | undefined,
    batchError: unknown,
  ): Promise<void> {
    const { projection, log, metrics } = this.options;
    const applier = projection.createApplier();
    let culprit: { event: RecordedEvent; error: unknown } | undefined;
    let applied = 0;
    await connection.transaction().execute(async (trx) => {
      if (!(await this.#holdsCheckpoint(trx, expected))) return;
      const db = await useSchema(trx, this.schema);
      for (const event of events) {
        await sql`SAVEPOINT one_event`.execute(trx);
        try {
          await applier.apply(db, [event]);
          await sql`RELEASE SAVEPOINT one_event`.execute(trx);
          applied += 1;
        } catch (error) {
          await sql`ROLLBACK TO SAVEPOINT one_event`.execute(trx);
          culprit = { event, error };
          break;
        }
      }
      const last = applied > 0 ? events[applied - 1] : undefined;
      await advanceCheckpoint(trx, this.schema, {
        position: last?.position ?? expected,
        events: applied,
        lastEventAt: last?.recordedAt ?? null,
      });
      // A batch that failed as a whole but not event by event (a lost connection, say) is not a culprit.
      if (culprit)
        await recordFailure(trx, this.schema, {
          position: culprit.event.position,
          eventId: culprit.event.eventId,
          eventType: culprit.event.type,
          error: messageOf(culprit.error),
        });
    });
    if (applied > 0) this.#position = events[applied - 1]!.position;
    if (!culprit) {
      log.warn({ err: batchError, projection: this.name }, 'a batch failed but each of its events applied');
      return;
    }
    const { event, error } = culprit;
    this.#failure = {
      position: event.position,
      eventId: event.eventId,
      eventType: event.type,
      error: messageOf(error),
      at: new Date(),
    };
    this.#status = 'failed';
    metrics.failed.set({ projection: this.name }, 1);
    log.error(
      { err: error, projection: this.name, position: event.position, eventId: event.eventId, type: event.type },
      'projection stopped at an event it cannot apply; fix and restart to resume from it',
    );
  }
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
