import { cycleStreamId, evolveCycle, initialCycleState, type CycleEvent, type CycleState } from '@pdca/domain';
import type { EventStore } from '@pdca/eventstore';
import { readStreamOrEmpty } from '../streams.js';

/** The cycle's state and stream version, from its stream. */
export async function loadCycle(
  store: EventStore,
  fiscalYear: number,
): Promise<{ state: CycleState; version: number | 'no_stream' }> {
  const events = await readStreamOrEmpty(store, cycleStreamId(fiscalYear));
  return {
    state: events.reduce((s, e) => evolveCycle(s, e as unknown as CycleEvent), initialCycleState),
    version: events.at(-1)?.streamVersion ?? 'no_stream',
  };
}
