import type pg from 'pg';

/**
 * Sends NOTIFY after commits, outside the write transaction (a NOTIFY inside it would serialise commits
 * on the notification queue lock). A NOTIFY is itself a transaction with a WAL flush, so it is throttled:
 * sent at once when none went out in the last `intervalMs`, otherwise once at the end of that interval
 * for every commit in between. A commit that lands while one is in flight always gets another, because
 * the one in flight may have been read before that commit was visible.
 */
export class CommitNotifier {
  #inFlight: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #due = false;
  #lastSentAt = -Infinity;

  constructor(
    private readonly pool: pg.Pool,
    private readonly channel: string,
    private readonly onError: (error: unknown) => void,
    private readonly intervalMs = 10,
  ) {}

  committed(): void {
    if (this.#timer) return;
    if (this.#inFlight) {
      this.#due = true;
      return;
    }
    const wait = this.#lastSentAt + this.intervalMs - performance.now();
    if (wait <= 0) this.#send();
    else this.#timer = setTimeout(() => this.#send(), wait);
  }

  /** Sends what is due now and waits for it, including a send that one in flight makes due. */
  async flush(): Promise<void> {
    while (this.#timer || this.#inFlight) {
      if (this.#timer) this.#send();
      await this.#inFlight;
    }
  }

  #send(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#due = false;
    this.#lastSentAt = performance.now();
    this.#inFlight = this.pool
      .query('SELECT pg_notify($1, $2)', [this.channel, ''])
      .then(
        () => undefined,
        // Subscribers fall back to polling; a lost wake-up only delays them.
        (error: unknown) => this.onError(error),
      )
      .finally(() => {
        this.#inFlight = undefined;
        if (this.#due) this.committed();
      });
  }
}
