import { StreamNotFound, type EventStore, type RecordedEvent } from '@pdca/eventstore';

/** A stream's events, or none when nothing was written to it yet (a first report, a new cycle). */
export async function readStreamOrEmpty(store: EventStore, streamId: string): Promise<RecordedEvent[]> {
  try {
    return await store.readStream(streamId);
  } catch (error) {
    if (error instanceof StreamNotFound) return [];
    throw error;
  }
}
