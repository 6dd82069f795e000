import type { RecordedEvent } from '@pdca/eventstore';

export interface HistoryEntry {
  readonly position: number;
  readonly at: string;
  readonly streamId: string;
  readonly type: string;
  /** What changed: a catalog facet (definition, target, baseline, owner), an actual's period, a milestone's year. */
  readonly subject: string;
  readonly before: unknown;
  readonly after: unknown;
  readonly reason: string | null;
  readonly actor: string | null;
  readonly role: string | null;
  readonly ministry: string | null;
  readonly onBehalfOf: string | null;
  readonly note: string | null;
}

const meta = (event: RecordedEvent, key: string) => (event.metadata[key] as string | null | undefined) ?? null;

/**
 * Every change to one catalog entry and its ledger streams, oldest first, each with the value before and
 * after it. `events` are the streams' events (any order); each stream's own order gives "before".
 */
export function historyOf(events: readonly RecordedEvent[]): HistoryEntry[] {
  const last = new Map<string, unknown>();
  return [...events]
    .sort((a, b) => a.position - b.position)
    .map((event) => {
      const data = event.data as Record<string, unknown>;
      const facet = typeof data.facet === 'string' ? data.facet : null;
      const subject =
        facet ??
        (typeof data.period === 'string'
          ? `${data.period}${typeof data.component === 'string' ? `#${data.component}` : ''}`
          : typeof data.fiscalYear === 'number'
            ? `FY${data.fiscalYear}`
            : event.type);
      const after =
        facet !== null
          ? data.value
          : event.type === 'KpiActualRetracted'
            ? null
            : event.type === 'MilestoneStatusReported'
              ? data.status
              : { value: data.value, status: data.status };
      const key = `${event.streamId}/${subject}`;
      const before = last.has(key) ? last.get(key) : null;
      last.set(key, after);
      return {
        position: event.position,
        at: event.recordedAt.toISOString(),
        streamId: event.streamId,
        type: event.type,
        subject,
        before,
        after,
        reason: (typeof data.reason === 'string' ? data.reason : null) ?? meta(event, 'note'),
        actor: meta(event, 'actorName') ?? meta(event, 'actor'),
        role: meta(event, 'role'),
        ministry: meta(event, 'ministry'),
        onBehalfOf: meta(event, 'onBehalfOf'),
        note: meta(event, 'note'),
      };
    });
}
