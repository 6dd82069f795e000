import type { JsonObject, RecordedEvent } from '../port.js';
import { toSafeNumber } from '../validation.js';

/** Read in array mode, with the time as epoch milliseconds: the cheapest shape to turn into events. */
export const eventColumns =
  'position, stream_id, stream_version, event_id, type, data, metadata, (extract(epoch FROM recorded_at) * 1000)::float8';

export type EventTuple = [string, string, string, string, string, JsonObject, JsonObject, number];

export function fromTuple(row: EventTuple): RecordedEvent {
  return {
    eventId: row[3],
    type: row[4],
    streamId: row[1],
    streamVersion: toSafeNumber(row[2]),
    position: toSafeNumber(row[0]),
    data: row[5],
    metadata: row[6],
    recordedAt: new Date(row[7]),
  };
}
