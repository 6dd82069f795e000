import { cycleStreamId, evolveCycle, initialCycleState, type CycleEvent, type CycleState } from '@pdca/domain';
import { StreamNotFound, type EventStore } from '@pdca/eventstore';

/** The cycle's state and stream version, from its stream. */
export async function loadCycle(
  store: EventStore,
  fiscalYear: number,
): Promise<{ state: CycleState; version: number | 'no_stream' }> {
  try {
    const events = await store.readStream(cycleStreamId(fiscalYear));
    return {
      state: events.reduce((s, e) => evolveCycle(s, e as unknown as CycleEvent), initialCycleState),
      version: events.at(-1)!.streamVersion,
    };
  } catch (error) {
    if (error instanceof StreamNotFound) return { state: initialCycleState, version: 'no_stream' };
    throw error;
  }
}
