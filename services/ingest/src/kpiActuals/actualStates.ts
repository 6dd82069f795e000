import type { KpiActualState } from '@pdca/domain';

export interface KnownActual {
  readonly state: KpiActualState;
  readonly version: number | 'no_stream';
}

/**
 * The last state this process saw per (KPI, period) stream: a guess, never the truth. A decision made on
 * it is appended with its version as the expected version, so a stale guess fails the append and the
 * command is decided again on the stream read from the store.
 */
export class ActualStates {
  readonly #states = new Map<string, KnownActual>();

  constructor(private readonly capacity = 100_000) {}

  get(streamId: string): KnownActual | undefined {
    return this.#states.get(streamId);
  }

  set(streamId: string, known: KnownActual): void {
    this.#states.delete(streamId);
    this.#states.set(streamId, known);
    // Maps iterate in insertion order, so the first key is the least recently written.
    if (this.#states.size > this.capacity) this.#states.delete(this.#states.keys().next().value!);
  }
}
