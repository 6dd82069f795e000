import pg from 'pg';
import type { WakeSignal } from '../wakeSignal.js';

/**
 * One LISTEN connection per store, shared by its subscriptions. Reconnects with backoff and wakes
 * everyone after reconnecting, since notifications sent while it was away are lost.
 */
export class CommitListener {
  #client: pg.Client | undefined;
  #closed = false;
  #retryTimer: NodeJS.Timeout | undefined;
  #started: Promise<void> | undefined;

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly channel: string,
    private readonly signal: WakeSignal,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): Promise<void> {
    this.#started ??= this.#connect(0);
    return this.#started;
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => undefined);
  }

  async #connect(attempt: number): Promise<void> {
    if (this.#closed) return;
    const client = new pg.Client({ ...this.config, application_name: 'pdca-eventstore-listener' });
    let connected = false;
    let lost = false;
    const onLost = (error: unknown): void => {
      if (lost) return;
      lost = true;
      this.#lost(client, error, connected ? 0 : attempt + 1);
    };
    client.on('notification', () => this.signal.wake());
    client.on('error', onLost);
    client.on('end', () => onLost(new Error('listener connection ended')));
    try {
      await client.connect();
      await client.query(`LISTEN ${pg.escapeIdentifier(this.channel)}`);
      if (this.#closed) {
        await client.end();
        return;
      }
      connected = true;
      this.#client = client;
      this.signal.wake();
    } catch (error) {
      onLost(error);
    }
  }

  #lost(client: pg.Client, error: unknown, attempt: number): void {
    if (this.#client === client) this.#client = undefined;
    client.end().catch(() => undefined);
    if (this.#closed) return;
    this.onError(error);
    const delay = Math.min(5000, 100 * 2 ** attempt);
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => void this.#connect(attempt), delay);
  }
}
