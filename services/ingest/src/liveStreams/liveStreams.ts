import { setTimeout as sleep } from 'node:timers/promises';
import { categoryOf, type EventStore, type RecordedEvent, type Subscription } from '@pdca/eventstore';
import type { FastifyBaseLogger } from 'fastify';
import { readStreamOrEmpty, type StreamReader } from '../streams.js';

export interface LiveStreamsOptions {
  readonly store: EventStore;
  /** Stream categories kept in memory: small, read on every request, rarely written (catalog, cycles). */
  readonly categories: readonly string[];
  readonly log: FastifyBaseLogger;
  /** Pause before resubscribing after the subscription failed. */
  readonly retryMs?: number;
}

/**
 * The streams of a few categories, held in memory and kept current by a catch-up subscription, so a
 * submission does not read its KPI definition and cycle from Postgres each time. Until the subscription
 * has caught up (and while it is down) reads go to the store. Another process's catalog or cycle change
 * reaches this process within the subscription's delay (milliseconds); a write made here is visible here
 * as soon as `waitFor` its position returns.
 */
export class LiveStreams implements StreamReader {
  readonly #streams = new Map<string, RecordedEvent[]>();
  readonly #categories: ReadonlySet<string>;
  #position: number | undefined;
  #live = false;
  #stopped = false;
  #subscription: Subscription | undefined;
  #running: Promise<void> | undefined;
  #waiters: { position: number; resolve: () => void }[] = [];

  constructor(private readonly options: LiveStreamsOptions) {
    this.#categories = new Set(options.categories);
  }

  get live(): boolean {
    return this.#live;
  }

  start(): void {
    this.#running ??= this.#follow();
  }

  async read(streamId: string): Promise<readonly RecordedEvent[]> {
    if (this.#live && this.#categories.has(categoryOf(streamId))) return this.#streams.get(streamId) ?? [];
    return readStreamOrEmpty(this.options.store, streamId);
  }

  /** Resolves once events up to `position` are in memory (at once while reads still go to the store). */
  waitFor(position: number, timeoutMs = 5000): Promise<void> {
    if (!this.#live || (this.#position !== undefined && this.#position >= position)) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter = { position, resolve };
      this.#waiters.push(waiter);
      // A stalled subscription must not hang the request: after the timeout reads go to the store.
      setTimeout(() => {
        if (this.#waiters.includes(waiter)) this.#goOffline();
      }, timeoutMs).unref();
    });
  }

  async close(): Promise<void> {
    this.#stopped = true;
    this.#goOffline();
    await this.#subscription?.close();
    await this.#running;
  }

  async #follow(): Promise<void> {
    const { store, log, retryMs = 1000 } = this.options;
    while (!this.#stopped) {
      try {
        this.#subscription = store.subscribe({
          ...(this.#position !== undefined && { after: this.#position }),
          categories: [...this.#categories],
        });
        for await (const batch of this.#subscription) {
          for (const event of batch.events) {
            const events = this.#streams.get(event.streamId);
            if (events) events.push(event);
            else this.#streams.set(event.streamId, [event]);
          }
          this.#position = batch.position ?? this.#position;
          if (batch.caughtUp && !this.#live && !this.#stopped) {
            this.#live = true;
            log.info({ streams: this.#streams.size, position: this.#position }, 'catalog and cycles held in memory');
          }
          this.#release();
        }
        // The iteration ends only when the store closed its subscriptions: it is shutting down.
        this.#goOffline();
        return;
      } catch (error) {
        if (this.#stopped) return;
        log.warn({ err: error }, 'the catalog subscription failed; reading from the store until it resumes');
        this.#goOffline();
        await sleep(retryMs);
      }
    }
  }

  #release(): void {
    const position = this.#position ?? -1;
    const ready = this.#waiters.filter((w) => w.position <= position);
    this.#waiters = this.#waiters.filter((w) => w.position > position);
    for (const waiter of ready) waiter.resolve();
  }

  #goOffline(): void {
    this.#live = false;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) waiter.resolve();
  }
}
