import { StreamNotFound, type EventStore, type RecordedEvent } from '@pdca/eventstore';

/** Reads a stream's events; empty when nothing was written to it yet. */
export interface StreamReader {
  read(streamId: string): Promise<readonly RecordedEvent[]>;
}

/** A stream's events, or none when nothing was written to it yet (a first report, a new cycle). */
export async function readStreamOrEmpty(store: EventStore, streamId: string): Promise<RecordedEvent[]> {
  try {
    return await store.readStream(streamId);
  } catch (error) {
    if (error instanceof StreamNotFound) return [];
    throw error;
  }
}

/** Reads straight from the store: for deciding writes, which need the stream as it is now. */
export const storeReader = (store: EventStore): StreamReader => ({ read: (id) => readStreamOrEmpty(store, id) });
