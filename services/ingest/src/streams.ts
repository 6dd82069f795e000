import { readStreamOrEmpty, type EventStore, type RecordedEvent } from '@pdca/eventstore';

export { readStreamOrEmpty };

/** Reads a stream's events; empty when nothing was written to it yet. */
export interface StreamReader {
  read(streamId: string): Promise<readonly RecordedEvent[]>;
}

/** Reads straight from the store: for deciding writes, which need the stream as it is now. */
export const storeReader = (store: EventStore): StreamReader => ({ read: (id) => readStreamOrEmpty(store, id) });
