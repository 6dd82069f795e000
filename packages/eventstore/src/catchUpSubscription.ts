import type { AllSlice, EventBatch, ReadAllOptions, SubscribeOptions, Subscription } from './port.js';
import type { WakeSignal } from './wakeSignal.js';

export interface CatchUpSource {
  readAll(options: ReadAllOptions): Promise<AllSlice>;
  readonly wakeSignal: WakeSignal;
  /** Longest sleep when nothing wakes the subscription: the fallback for lost notifications. */
  readonly pollIntervalMs: number;
}

export const DEFAULT_BATCH_SIZE = 1000;

/**
 * Reads the log page by page from `after` and, once at the end, sleeps until the source wakes it (or the
 * polling fallback fires). Each event is delivered once because every read resumes exactly after the
 * previous slice; order is the store's global order because reads only return settled positions.
 */
export function catchUpSubscription(source: CatchUpSource, options: SubscribeOptions = {}): Subscription {
  const abort = new AbortController();
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;

  const read = (after: number | undefined): Promise<AllSlice> =>
    source.readAll({
      after,
      limit: batchSize,
      ...(options.types && { types: options.types }),
      ...(options.categories && { categories: options.categories }),
    });

  async function* batches(): AsyncGenerator<EventBatch> {
    let position = options.after;
    let reportedCaughtUp = false;
    let prefetched: Promise<AllSlice> | undefined;
    while (!abort.signal.aborted) {
      const seen = source.wakeSignal.generation;
      const slice = await (prefetched ?? read(position));
      prefetched = undefined;
      position = slice.position ?? position;
      // While catching up, read the next page as the consumer works on this one.
      if (!slice.isEnd) {
        prefetched = read(position);
        prefetched.catch(() => undefined); // surfaces when awaited; never an unhandled rejection
      }
      const firstTimeAtEnd = slice.isEnd && !reportedCaughtUp;
      if (slice.events.length > 0 || firstTimeAtEnd) {
        if (abort.signal.aborted) return;
        reportedCaughtUp ||= slice.isEnd;
        yield { events: slice.events, position, caughtUp: reportedCaughtUp };
      }
      if (slice.isEnd) await source.wakeSignal.waitForChange(seen, source.pollIntervalMs, abort.signal);
    }
  }

  const iterator = batches();
  return {
    [Symbol.asyncIterator]: () => iterator,
    close: async () => {
      abort.abort();
      await iterator.return(undefined);
    },
  };
}
