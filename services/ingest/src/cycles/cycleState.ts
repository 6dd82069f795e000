import { cycleStreamId, evolveCycle, initialCycleState, type CycleEvent, type CycleState } from '@pdca/domain';
import type { StreamReader } from '../streams.js';

/** The cycle's state and stream version, from its stream. */
export async function loadCycle(
  streams: StreamReader,
  fiscalYear: number,
): Promise<{ state: CycleState; version: number | 'no_stream' }> {
  const events = await streams.read(cycleStreamId(fiscalYear));
  return {
    state: events.reduce((s, e) => evolveCycle(s, e as unknown as CycleEvent), initialCycleState),
    version: events.at(-1)?.streamVersion ?? 'no_stream',
  };
}
