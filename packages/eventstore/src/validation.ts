import { InvalidAppend, PositionOutOfRange } from './errors.js';
import type { AppendOptions, NewEvent } from './port.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** One append may carry at most this many events (the Postgres position layout reserves 17 bits). */
export const MAX_EVENTS_PER_APPEND = 100_000;

/** Validates an append and returns its events with ids in the canonical lower-case form. */
export function validAppend(streamId: string, events: readonly NewEvent[], options: AppendOptions): NewEvent[] {
  if (streamId.length === 0 || streamId.length > 512) throw new InvalidAppend('streamId must be 1–512 characters');
  if (events.length === 0) throw new InvalidAppend(`stream ${streamId}: append needs at least one event`);
  if (events.length > MAX_EVENTS_PER_APPEND)
    throw new InvalidAppend(`stream ${streamId}: at most ${MAX_EVENTS_PER_APPEND} events per append`);
  const seen = new Set<string>();
  for (const event of events) {
    if (!UUID.test(event.id)) throw new InvalidAppend(`event id ${event.id} is not a UUID`);
    const id = event.id.toLowerCase();
    if (seen.has(id)) throw new InvalidAppend(`event id ${event.id} appears twice in one append`);
    seen.add(id);
    if (event.type.length === 0) throw new InvalidAppend('event type must not be empty');
  }
  const expected = options.expectedVersion;
  if (typeof expected === 'number' && (!Number.isSafeInteger(expected) || expected < 0))
    throw new InvalidAppend(`expectedVersion ${expected} must be a non-negative integer`);
  return events.map((event) => ({ ...event, id: event.id.toLowerCase() }));
}

/** Parses a bigint column (or client bigint) into a number, refusing silent precision loss. */
export function toSafeNumber(raw: string | bigint): number {
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw new PositionOutOfRange(String(raw));
  return value;
}

/** The category of a stream is the part of its id before the first `-` (KurrentDB's convention). */
export function categoryOf(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash === -1 ? streamId : streamId.slice(0, dash);
}
