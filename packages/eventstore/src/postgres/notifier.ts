import type pg from 'pg';

/**
 * Sends NOTIFY after commits, outside the write transaction (a NOTIFY inside it would serialise commits
 * on the notification queue lock). Coalesced: while one NOTIFY is in flight, further commits only mark
 * another as due, so a burst of appends costs a handful of notifications.
 */
export class CommitNotifier {
  #inFlight: Promise<void> | undefined;
  #due = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly channel: string,
    private readonly onError: (error: unknown) => void,
  ) {}

  committed(): void {
    if (this.#inFlight) {
      this.#due = true;
      return;
    }
    this.#inFlight = this.#send();
  }

  async flush(): Promise<void> {
    while (this.#inFlight) await this.#inFlight;
  }

  async #send(): Promise<void> {
    do {
      this.#due = false;
      try {
        await this.pool.query('SELECT pg_notify($1, $2)', [this.channel, '']);
      } catch (error) {
        // Subscribers fall back to polling; a lost wake-up only delays them.
        this.onError(error);
      }
    } while (this.#due);
    this.#inFlight = undefined;
  }
}
