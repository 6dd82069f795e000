import { StreamNotFound } from './errors.js';
import type { EventStore, ReadStreamOptions, RecordedEvent } from './port.js';

/** A stream's events, or none when nothing was written to it yet (a first report, a new cycle). */
export async function readStreamOrEmpty(
  store: EventStore,
  streamId: string,
  options?: ReadStreamOptions,
): Promise<RecordedEvent[]> {
  try {
    return await store.readStream(streamId, options);
  } catch (error) {
    if (error instanceof StreamNotFound) return [];
    throw error;
  }
}
