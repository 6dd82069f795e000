import { setTimeout as sleep } from 'node:timers/promises';
import { sealLog, type PostgresEventStore, type Seal } from '@pdca/eventstore';
import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';

/**
 * Keeps the global hash chain close behind the log: seals what has settled, then waits a moment. Any
 * number of processes may run it; one seals at a time, the others find nothing to do.
 */
export class Sealer {
  #stopped = false;
  #running: Promise<void> | undefined;
  #head: Seal | null = null;
  readonly #abort = new AbortController();

  constructor(
    private readonly options: { pool: pg.Pool; store: PostgresEventStore; log: FastifyBaseLogger; idleMs?: number },
  ) {}

  get head(): Seal | null {
    return this.#head;
  }

  start(): void {
    this.#running ??= this.#run();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#abort.abort();
    await this.#running;
  }

  async #run(): Promise<void> {
    const { pool, store, log, idleMs = 1000 } = this.options;
    while (!this.#stopped) {
      try {
        const { sealed, head } = await sealLog(pool, store);
        this.#head = head;
        if (sealed > 0) continue;
      } catch (error) {
        if (this.#stopped) return;
        log.warn({ err: error }, 'sealing failed; trying again');
      }
      await sleep(idleMs, undefined, { signal: this.#abort.signal }).catch(() => undefined);
    }
  }
}
