import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  excludeSystemEvents,
  FORWARDS,
  jsonEvent,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type AppendExpectedRevision,
  type Position,
  type ReadPosition,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { catchUpSubscription } from '../catchUpSubscription.js';
import { OpenSubscriptions } from '../openSubscriptions.js';
import { DuplicateEventIds, StreamNotFound, WrongExpectedVersion } from '../errors.js';
import type {
  AllSlice,
  AppendOptions,
  AppendResult,
  EventStore,
  ExpectedVersion,
  JsonObject,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../port.js';
import { categoryOf, toSafeNumber, validAppend } from '../validation.js';
import { WakeSignal } from '../wakeSignal.js';

const PAGE = 1000;

export interface KurrentEventStoreOptions {
  /** e.g. `esdb://localhost:2113?tls=false` (the `kurrentdb://` scheme is accepted too). */
  readonly connectionString: string;
  readonly pollIntervalMs?: number;
}

/**
 * The port on KurrentDB/EventStoreDB. Normalisation: stream revisions are already 0-based; the global
 * position is the event's prepare position, unique per event and increasing in $all order (events
 * written through the gRPC API read back with commit == prepare, so a `{commit: p, prepare: p}` cursor is
 * exact). Idempotency differs in one respect: with `any`, KurrentDB only recognises a retry of the most
 * recent write to the stream, so re-sending an older batch with `any` appends it again.
 */
export class KurrentEventStore implements EventStore {
  readonly name = 'kurrentdb';
  readonly wakeSignal = new WakeSignal();
  readonly pollIntervalMs: number;
  readonly #client: EventStoreDBClient;
  readonly #subscriptions = new OpenSubscriptions();
  #live: AllStreamSubscription | undefined;
  #liveRetry: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: KurrentEventStoreOptions) {
    this.#client = EventStoreDBClient.connectionString(
      options.connectionString.replace(/^kurrentdb(\+discover)?:/, 'esdb$1:'),
    );
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
  }

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    events = validAppend(streamId, events, options);
    try {
      const result = await this.#client.appendToStream(
        streamId,
        events.map((e) => jsonEvent({ id: e.id, type: e.type, data: e.data, metadata: e.metadata ?? {} })),
        { expectedRevision: toExpectedRevision(options.expectedVersion) },
      );
      return await this.#resultOf(streamId, events, Number(result.nextExpectedRevision));
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      const actual = error.actualVersion === NO_STREAM ? 'no_stream' : Number(error.actualVersion);
      const earlier = actual === 'no_stream' ? undefined : await this.#find(streamId, events);
      if (earlier) return earlier;
      throw new WrongExpectedVersion(streamId, options.expectedVersion, actual);
    }
  }

  /**
   * Reads the last written event back: the append response carries one position for the whole write,
   * and an idempotent repeat answers with the stream's head rather than the original events.
   */
  async #resultOf(streamId: string, events: readonly NewEvent[], revision: number): Promise<AppendResult> {
    const [last] = await this.readStream(streamId, { fromVersion: revision, maxCount: 1 });
    if (last && last.eventId === events[events.length - 1]?.id)
      return { streamVersion: last.streamVersion, position: last.position };
    const earlier = await this.#find(streamId, events);
    if (!earlier) throw new Error(`stream ${streamId}: appended events not found after the append`);
    return earlier;
  }

  /** Where these events already sit in the stream, if anywhere. */
  async #find(streamId: string, events: readonly NewEvent[]): Promise<AppendResult | undefined> {
    const ids = new Set(events.map((e) => e.id));
    const found = (await this.readStream(streamId)).filter((e) => ids.has(e.eventId));
    const last = found[found.length - 1];
    if (!last) return undefined;
    if (found.length !== events.length) throw new DuplicateEventIds(streamId, [...ids]);
    return { streamVersion: last.streamVersion, position: last.position };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    try {
      const read = this.#client.readStream(streamId, {
        direction: FORWARDS,
        fromRevision: options.fromVersion === undefined ? START : BigInt(options.fromVersion),
        ...(options.toVersion !== undefined && { maxCount: options.toVersion - (options.fromVersion ?? 0) + 1 }),
      });
      for await (const resolved of read) {
        const event = toRecordedEvent(resolved);
        if (!event) continue;
        if (options.toVersion !== undefined && event.streamVersion > options.toVersion) break;
        if (options.toPosition !== undefined && event.position > options.toPosition) break;
        if (options.toTime !== undefined && event.recordedAt > options.toTime) break;
        events.push(event);
        if (options.maxCount !== undefined && events.length >= options.maxCount) break;
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) throw new StreamNotFound(streamId);
      throw error;
    }
    return events;
  }

  async readAll(options: ReadAllOptions): Promise<AllSlice> {
    const events: RecordedEvent[] = [];
    let scanned = options.after;
    let cursor: ReadPosition = scanned === undefined ? START : { commit: BigInt(scanned), prepare: BigInt(scanned) };
    // $all holds system events and filters apply here, so read pages until the slice is full.
    for (;;) {
      let count = 0;
      let next: Position | undefined;
      for await (const resolved of this.#client.readAll({
        fromPosition: cursor,
        maxCount: PAGE,
        direction: FORWARDS,
      })) {
        count += 1;
        const raw = resolved.event?.position;
        if (!raw) continue;
        next = raw;
        const position = toSafeNumber(raw.prepare);
        if (scanned !== undefined && position <= scanned) continue;
        scanned = position;
        const event = toRecordedEvent(resolved);
        if (!event || event.type.startsWith('$') || !matches(event, options)) continue;
        events.push(event);
        if (events.length >= options.limit) return { events, position: scanned, isEnd: false };
      }
      if (count < PAGE || !next) return { events, position: scanned, isEnd: true };
      cursor = next;
    }
  }

  subscribe(options: SubscribeOptions = {}): Subscription {
    this.#followLive();
    return this.#subscriptions.track(catchUpSubscription(this, options));
  }

  /** One live $all subscription from the end, used only to wake catch-up readers; resubscribes on error. */
  #followLive(attempt = 0): void {
    if (this.#live || this.#closed) return;
    const live = this.#client.subscribeToAll({ fromPosition: END, filter: excludeSystemEvents() });
    this.#live = live;
    live.on('confirmation', () => this.wakeSignal.wake());
    live.on('data', () => this.wakeSignal.wake());
    live.on('error', () => {
      this.#live = undefined;
      clearTimeout(this.#liveRetry);
      this.#liveRetry = setTimeout(() => this.#followLive(attempt + 1), Math.min(5000, 100 * 2 ** attempt));
    });
  }

  async headPosition(): Promise<number | undefined> {
    for await (const resolved of this.#client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 100 })) {
      const event = toRecordedEvent(resolved);
      if (event && !event.type.startsWith('$')) return event.position;
    }
    return undefined;
  }

  async ping(): Promise<boolean> {
    try {
      await this.headPosition();
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#liveRetry);
    await this.#subscriptions.closeAll();
    await this.#live?.unsubscribe().catch(() => undefined);
    await this.#client.dispose();
  }
}

function matches(event: RecordedEvent, options: ReadAllOptions): boolean {
  if (options.types && !options.types.includes(event.type)) return false;
  if (options.categories && !options.categories.includes(categoryOf(event.streamId))) return false;
  return true;
}

function toExpectedRevision(expected: ExpectedVersion): AppendExpectedRevision {
  if (expected === 'any') return ANY;
  if (expected === 'no_stream') return NO_STREAM;
  if (expected === 'stream_exists') return STREAM_EXISTS;
  return BigInt(expected);
}

function toRecordedEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
  const event = resolved.event;
  if (!event || !event.isJson) return undefined;
  return {
    eventId: event.id.toLowerCase(),
    type: event.type,
    streamId: event.streamId,
    streamVersion: Number(event.revision),
    // Servers before 22.x omit positions on stream reads; such events report -1.
    position: event.position ? toSafeNumber(event.position.prepare) : -1,
    data: event.data as JsonObject,
    metadata: (event.metadata ?? {}) as JsonObject,
    recordedAt: event.created,
  };
}
