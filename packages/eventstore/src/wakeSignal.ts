/**
 * A generation counter that wakes waiters when new events may be readable. Readers note the generation
 * before reading, so a wake that lands between their read and their wait is never missed.
 */
export class WakeSignal {
  #generation = 0;
  readonly #waiters = new Set<() => void>();

  get generation(): number {
    return this.#generation;
  }

  wake(): void {
    this.#generation += 1;
    for (const resolve of this.#waiters) resolve();
    this.#waiters.clear();
  }

  /** Resolves once the generation moved past `seen`, after `timeoutMs` (the polling fallback), or on abort. */
  waitForChange(seen: number, timeoutMs: number, signal: AbortSignal): Promise<void> {
    if (this.#generation !== seen || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.#waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      signal.addEventListener('abort', done, { once: true });
      this.#waiters.add(done);
    });
  }
}
