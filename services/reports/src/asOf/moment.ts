import type { EventStore, RecordedEvent } from '@pdca/eventstore';
import { prefixWithin, streamBound, withinBound, type Bound } from '@pdca/projections/runner';

/**
 * A moment to answer at: a log position, or a time (transaction time: when the ledger recorded it). A
 * time cuts the log in position order at the first event recorded after it, everywhere.
 */
export type Moment = Bound;

export const momentOf = (query: { asOf?: string; asOfPosition?: string }): Moment | undefined =>
  query.asOfPosition !== undefined
    ? { position: Number(query.asOfPosition) }
    : query.asOf !== undefined
      ? { time: new Date(query.asOf) }
      : undefined;

/** "12345" is a log position, anything else an ISO time. */
export const momentFrom = (value: string): Moment =>
  /^\d+$/.test(value) ? { position: Number(value) } : { time: new Date(value) };

export const AsOfProperties = {
  asOf: { type: 'string', format: 'date-time', description: 'answer as it would have been at this time' },
  asOfPosition: { type: 'string', pattern: '^\\d{1,16}$', description: 'answer as of this log position' },
} as const;

/** True when the event was in the log at the moment. */
export const includes = withinBound;

/** Read-stream options that stop at the moment. */
export const streamUntil = streamBound;

/** Every event of the given categories that was in the log at the moment, in log order. */
export async function eventsUntil(store: EventStore, categories: string[], moment: Moment): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (let after: number | undefined; ;) {
    const slice = await store.readAll({ ...(after !== undefined && { after }), limit: 5000, categories });
    const within = prefixWithin(moment, slice.events);
    events.push(...within);
    if (slice.isEnd || within.length < slice.events.length) return events;
    after = slice.position ?? after;
  }
}
