import { isDeepStrictEqual } from 'node:util';
import pg from 'pg';
import { catchUpSubscription } from '../catchUpSubscription.js';
import { OpenSubscriptions } from '../openSubscriptions.js';
import { DuplicateEventIds, StreamNotFound, WrongExpectedVersion } from '../errors.js';
import type {
  AllSlice,
  AppendOptions,
  AppendResult,
  EventStore,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../port.js';
import { validAppend, toSafeNumber } from '../validation.js';
import { WakeSignal } from '../wakeSignal.js';
import { CommitListener } from './commitListener.js';
import { horizonSql } from './horizon.js';
import { POSITION_SHIFT, storeLayout, type StoreLayout } from './layout.js';
import { CommitNotifier } from './notifier.js';
import { eventColumns, fromTuple, type EventTuple } from './rows.js';

export interface PostgresEventStoreOptions {
  /** The pool appends and reads use. The store does not end it: its owner does. */
  readonly pool: pg.Pool;
  /** Schema holding the events table (default `eventstore`). */
  readonly schema?: string;
  /** Fallback polling interval of live subscriptions when no notification arrives (default 1000 ms). */
  readonly pollIntervalMs?: number;
  readonly onError?: (error: unknown) => void;
}

const UNIQUE_VIOLATION = '23505';
const WRONG_EXPECTED_VERSION = 'ES001';
const MAX_CONFLICT_RETRIES = 100;

export class PostgresEventStore implements EventStore {
  readonly name = 'postgres';
  readonly layout: StoreLayout;
  readonly wakeSignal = new WakeSignal();
  readonly pollIntervalMs: number;
  readonly #pool: pg.Pool;
  readonly #notifier: CommitNotifier;
  readonly #listener: CommitListener;
  readonly #horizonSql: string;
  readonly #table: string;
  #settledBelow = 0;
  readonly #subscriptions = new OpenSubscriptions();

  constructor(options: PostgresEventStoreOptions) {
    this.#pool = options.pool;
    this.layout = storeLayout(options.schema ?? 'eventstore');
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    const report = options.onError ?? (() => undefined);
    const onError = (error: unknown): void => {
      try {
        report(error);
      } catch {
        // A failing error reporter must not take the store down with it.
      }
    };
    this.#notifier = new CommitNotifier(this.#pool, this.layout.notifyChannel, onError);
    this.#listener = new CommitListener(this.#pool.options, this.layout.notifyChannel, this.wakeSignal, onError);
    this.#horizonSql = horizonSql(this.layout);
    this.#table = `${pg.escapeIdentifier(this.layout.schema)}.events`;
  }

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    events = validAppend(streamId, events, options);
    const { expectedVersion } = options;
    const kind = typeof expectedVersion === 'number' ? 'exact' : expectedVersion;
    const payload = JSON.stringify(
      events.map((e) => ({ id: e.id, type: e.type, data: e.data, metadata: e.metadata ?? {} })),
    );
    for (let attempt = 1; ; attempt++) {
      try {
        // A named statement is parsed and planned once per connection: appends are the hot path.
        const { rows } = await this.#pool.query<{ stream_version: string; position: string }>({
          name: `${this.layout.schema}_append_events`,
          text: `SELECT stream_version, position FROM ${pg.escapeIdentifier(this.layout.schema)}.append_events($1, $2, $3, $4)`,
          values: [streamId, kind, typeof expectedVersion === 'number' ? expectedVersion : null, payload],
        });
        this.#notifier.committed();
        const last = rows[rows.length - 1];
        if (!last) throw new Error('append_events returned no rows');
        return { streamVersion: toSafeNumber(last.stream_version), position: toSafeNumber(last.position) };
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code !== UNIQUE_VIOLATION && code !== WRONG_EXPECTED_VERSION) throw error;
        // The failed transaction held an id that may have held readers back: let them look again.
        if (code === UNIQUE_VIOLATION) this.#notifier.committed();
        const earlier = await this.#earlierAppend(streamId, events);
        if (earlier) return earlier;
        const constraint = (error as { constraint?: string }).constraint;
        if (code === UNIQUE_VIOLATION && constraint === 'events_event_id_key')
          throw new DuplicateEventIds(
            streamId,
            events.map((e) => e.id),
          );
        // A concurrent append took the version first: without a version expectation, go again on top of it.
        const unconditional = expectedVersion === 'any' || expectedVersion === 'stream_exists';
        if (code === UNIQUE_VIOLATION && unconditional && attempt < MAX_CONFLICT_RETRIES) continue;
        const detail = (error as { detail?: string }).detail;
        const actual =
          code === WRONG_EXPECTED_VERSION && detail
            ? detail === 'no_stream'
              ? 'no_stream'
              : toSafeNumber(detail)
            : await this.#currentVersion(streamId);
        throw new WrongExpectedVersion(streamId, expectedVersion, actual);
      }
    }
  }

  /**
   * The result of an earlier append of exactly these events: same ids, types and data, in the same stream,
   * order and transaction. Metadata may differ (a retry is another request at another time); data may not,
   * so a reused id never passes off different content as already stored.
   */
  async #earlierAppend(streamId: string, events: readonly NewEvent[]): Promise<AppendResult | undefined> {
    const { rows } = await this.#pool.query<{
      stream_id: string;
      stream_version: string;
      position: string;
      event_id: string;
      type: string;
      data: unknown;
    }>(
      `SELECT stream_id, stream_version, position, event_id, type, data FROM ${this.#table}
       WHERE event_id = ANY($1::uuid[]) ORDER BY position`,
      [events.map((e) => e.id)],
    );
    if (rows.length === 0) return undefined;
    const first = rows[0]!;
    const sameAppend =
      rows.length === events.length &&
      rows.every(
        (row, i) =>
          row.stream_id === streamId &&
          row.event_id === events[i]?.id &&
          row.type === events[i].type &&
          isDeepStrictEqual(row.data, JSON.parse(JSON.stringify(events[i].data))) &&
          Number(row.stream_version) === Number(first.stream_version) + i &&
          BigInt(row.position) >> POSITION_SHIFT === BigInt(first.position) >> POSITION_SHIFT,
      );
    const transactionStart = (BigInt(first.position) >> POSITION_SHIFT) << POSITION_SHIFT;
    const { rows: written } = await this.#pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${this.#table} WHERE position >= $1 AND position < $2`,
      [transactionStart.toString(), (transactionStart + (1n << POSITION_SHIFT)).toString()],
    );
    if (!sameAppend || Number(written[0]?.n) !== events.length)
      throw new DuplicateEventIds(
        streamId,
        events.map((e) => e.id),
      );
    const last = rows[rows.length - 1]!;
    return { streamVersion: toSafeNumber(last.stream_version), position: toSafeNumber(last.position) };
  }

  async #currentVersion(streamId: string): Promise<number | 'no_stream'> {
    const { rows } = await this.#pool.query<{ v: string | null }>(
      `SELECT max(stream_version)::text AS v FROM ${this.#table} WHERE stream_id = $1`,
      [streamId],
    );
    const v = rows[0]?.v;
    return v == null ? 'no_stream' : toSafeNumber(v);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const params: unknown[] = [streamId, options.fromVersion ?? 0];
    let where = 'stream_id = $1 AND stream_version >= $2';
    if (options.toVersion !== undefined) where += ` AND stream_version <= $${params.push(options.toVersion)}`;
    if (options.toPosition !== undefined) where += ` AND position <= $${params.push(options.toPosition)}`;
    if (options.toTime !== undefined) where += ` AND recorded_at <= $${params.push(options.toTime)}`;
    const limit = options.maxCount === undefined ? '' : ` LIMIT $${params.push(options.maxCount)}`;
    const { rows } = await this.#pool.query<EventTuple>({
      text: `SELECT ${eventColumns} FROM ${this.#table} WHERE ${where} ORDER BY stream_version${limit}`,
      values: params,
      rowMode: 'array',
    });
    if (rows.length === 0 && !(await this.#streamExists(streamId))) throw new StreamNotFound(streamId);
    return rows.map(fromTuple);
  }

  async #streamExists(streamId: string): Promise<boolean> {
    const { rowCount } = await this.#pool.query(`SELECT 1 FROM ${this.#table} WHERE stream_id = $1 LIMIT 1`, [
      streamId,
    ]);
    return (rowCount ?? 0) > 0;
  }

  /** Positions strictly below the returned one are settled (see horizonSql). */
  async readLimit(): Promise<number> {
    const { rows } = await this.#pool.query<{ limit_position: string }>(this.#horizonSql);
    this.#settledBelow = Math.max(this.#settledBelow, toSafeNumber(rows[0]!.limit_position));
    return this.#settledBelow;
  }

  async readAll(options: ReadAllOptions): Promise<AllSlice> {
    const after = options.after ?? -1;
    // What is settled stays settled, so a reader far behind the last known limit need not ask again.
    const cached = this.#settledBelow;
    const slice = await this.#readBelow(after, cached, options);
    if (!slice.isEnd) return slice;
    const limitPosition = await this.readLimit();
    return limitPosition === cached ? slice : this.#readBelow(after, limitPosition, options);
  }

  async #readBelow(after: number, limitPosition: number, options: ReadAllOptions): Promise<AllSlice> {
    const params: unknown[] = [after, options.limit];
    let filter = '';
    if (options.types) filter += ` AND type = ANY($${params.push(options.types)}::text[])`;
    if (options.categories)
      filter += ` AND split_part(stream_id, '-', 1) = ANY($${params.push(options.categories)}::text[])`;
    // The horizon is applied here, not in SQL: a two-sided range on a table not analysed since a bulk
    // load is estimated at 0.5% of it, and the planner then sorts everything after `after` on every call
    // (catch-up turns quadratic). A one-sided range keeps it on the index, stopping at the limit.
    const { rows } = await this.#pool.query<EventTuple>({
      text: `SELECT ${eventColumns} FROM ${this.#table}
       WHERE position > $1${filter} ORDER BY position LIMIT $2`,
      values: params,
      rowMode: 'array',
    });
    const all = rows.map(fromTuple);
    const events = all.filter((e) => e.position < limitPosition);
    const isEnd = events.length < all.length || all.length < options.limit;
    const lastEvent = events[events.length - 1]?.position;
    // At the end, everything below the horizon has been scanned, so a filtered reader may skip ahead.
    const position = isEnd && limitPosition - 1 > after ? limitPosition - 1 : (lastEvent ?? options.after);
    return { events, position, isEnd };
  }

  subscribe(options: SubscribeOptions = {}): Subscription {
    void this.#listener.start();
    return this.#subscriptions.track(catchUpSubscription(this, options));
  }

  async headPosition(): Promise<number | undefined> {
    const limitPosition = await this.readLimit();
    const { rows } = await this.#pool.query<{ p: string | null }>(
      `SELECT max(position)::text AS p FROM ${this.#table} WHERE position < $1`,
      [limitPosition],
    );
    return rows[0]?.p == null ? undefined : toSafeNumber(rows[0].p);
  }

  async ping(): Promise<boolean> {
    try {
      await this.#pool.query(`SELECT 1 FROM ${this.#table} LIMIT 0`);
      return true;
    } catch {
      return false;
    }
  }

  /** Ends every open subscription, sends the last due notification and closes the listener. */
  async close(): Promise<void> {
    await this.#subscriptions.closeAll();
    await this.#notifier.flush();
    await this.#listener.close();
  }
}
