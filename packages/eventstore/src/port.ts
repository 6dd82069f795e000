/** A JSON value as stored in event data and metadata. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** An event to append. `id` is a UUID chosen by the caller: re-appending the same id is idempotent. */
export interface NewEvent<Type extends string = string, Data extends JsonObject = JsonObject> {
  readonly id: string;
  readonly type: Type;
  readonly data: Data;
  readonly metadata?: JsonObject;
}

/** An event as the store recorded it. Stream versions are 0-based on every adapter. */
export interface RecordedEvent<Type extends string = string, Data extends JsonObject = JsonObject> {
  readonly eventId: string;
  readonly type: Type;
  readonly streamId: string;
  readonly streamVersion: number;
  /** Global position: strictly increasing in the order every reader sees the log. */
  readonly position: number;
  readonly data: Data;
  readonly metadata: JsonObject;
  readonly recordedAt: Date;
}

/**
 * - a number: the stream's current version must be exactly this (0-based version of its last event);
 * - `no_stream`: the stream must not exist; `stream_exists`: it must; `any`: no check.
 */
export type ExpectedVersion = number | 'no_stream' | 'stream_exists' | 'any';

export interface AppendOptions {
  readonly expectedVersion: ExpectedVersion;
}

export interface AppendResult {
  /** Version of the last appended event (the next expected version). */
  readonly streamVersion: number;
  /** Global position of the last appended event. */
  readonly position: number;
}

export interface ReadStreamOptions {
  /** First version to read, inclusive (default 0). */
  readonly fromVersion?: number;
  /** Last version to read, inclusive. */
  readonly toVersion?: number;
  /** Only events at or before this global position (as-of reads). */
  readonly toPosition?: number;
  /** Only events recorded at or before this time (as-of reads). */
  readonly toTime?: Date;
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: read events after this position; omit to start at the beginning. */
  readonly after?: number;
  readonly limit: number;
  /** Only these event types. */
  readonly types?: readonly string[];
  /** Only streams of these categories (the part of the stream id before the first `-`). */
  readonly categories?: readonly string[];
}

export interface AllSlice {
  readonly events: RecordedEvent[];
  /** Pass as `after` to continue; may be past the last event when a filter skipped events. */
  readonly position: number | undefined;
  /** True when the read reached the end of what is readable now. */
  readonly isEnd: boolean;
}

export interface SubscribeOptions extends Pick<ReadAllOptions, 'after' | 'types' | 'categories'> {
  /** Largest batch delivered at once while catching up (default 1000). */
  readonly batchSize?: number;
}

export interface EventBatch {
  readonly events: readonly RecordedEvent[];
  /** Resume point after this batch: store it as the checkpoint. */
  readonly position: number | undefined;
  /** True from the first batch that reached the end of the log on: the subscription is live. */
  readonly caughtUp: boolean;
}

/**
 * A catch-up subscription: delivers every event after `after` exactly once, in global order, in batches,
 * then follows new commits live. Iterate it with `for await`; `close()` ends the iteration.
 */
export interface Subscription extends AsyncIterable<EventBatch> {
  close(): Promise<void>;
}

/** The port every service uses; adapters: PostgreSQL (default) and KurrentDB. */
export interface EventStore {
  readonly name: string;
  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult>;
  /** Throws StreamNotFound when the stream has no events. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options: ReadAllOptions): Promise<AllSlice>;
  subscribe(options?: SubscribeOptions): Subscription;
  /** Position of the last readable event, or undefined for an empty log. */
  headPosition(): Promise<number | undefined>;
  /** True when the store answers. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
