import type { EventStore, RecordedEvent } from '@pdca/eventstore';

/** A moment to answer at: a log position, or a time (transaction time: when the ledger recorded it). */
export type Moment = { readonly position: number } | { readonly time: Date };

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
export const includes = (moment: Moment, event: { position: number; recordedAt: Date }): boolean =>
  'position' in moment ? event.position <= moment.position : event.recordedAt <= moment.time;

/** Read-stream options that stop at the moment. */
export const streamUntil = (moment: Moment) =>
  'position' in moment ? { toPosition: moment.position } : { toTime: moment.time };

/** Every event of the given categories that was in the log at the moment, in log order. */
export async function eventsUntil(store: EventStore, categories: string[], moment: Moment): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (let after: number | undefined; ;) {
    const slice = await store.readAll({ ...(after !== undefined && { after }), limit: 5000, categories });
    for (const event of slice.events) {
      if (!includes(moment, event)) return events;
      events.push(event);
    }
    after = slice.position ?? after;
    if (slice.isEnd) return events;
  }
}
