import type { JsonObject, RecordedEvent } from '../port.js';
import { toSafeNumber } from '../validation.js';

export const eventColumns = 'position, stream_id, stream_version, event_id, type, data, metadata, recorded_at';

export interface EventRow {
  position: string;
  stream_id: string;
  stream_version: string;
  event_id: string;
  type: string;
  data: JsonObject;
  metadata: JsonObject;
  recorded_at: Date;
}

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    eventId: row.event_id,
    type: row.type,
    streamId: row.stream_id,
    streamVersion: toSafeNumber(row.stream_version),
    position: toSafeNumber(row.position),
    data: row.data,
    metadata: row.metadata,
    recordedAt: row.recorded_at,
  };
}
