import { randomBytes } from 'node:crypto';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import pLimit from 'p-limit';

/** Where the projections keep their tables, and queries over them. */
export class ReadModels {
  readonly #scratchSlots = pLimit(2);

  constructor(
    readonly db: Kysely<unknown>,
    readonly prefix = 'rm_',
  ) {}

  /** A table or view of the catalog read model. */
  catalog(name: string): RawBuilder<unknown> {
    return sql.id(`${this.prefix}catalog`, name);
  }

  /** A table or view of the per-cycle read model. */
  cycles(name: string): RawBuilder<unknown> {
    return sql.id(`${this.prefix}cycles`, name);
  }

  /**
   * Runs `fn` in a repeatable-read transaction that is always rolled back, with a fresh schema prefix:
   * read models built inside it for a past moment vanish with it, whatever happens. Few run at once: each
   * holds a connection while it reads the log through others from the same pool.
   */
  inScratch<T>(fn: (trx: Kysely<unknown>, prefix: string) => Promise<T>): Promise<T> {
    return this.#scratchSlots(async () => {
      const trx = await this.db.startTransaction().setIsolationLevel('repeatable read').execute();
      try {
        return await fn(trx, `pdca_scratch_${randomBytes(6).toString('hex')}_`);
      } finally {
        // A connection the server already dropped cannot roll back; the error that dropped it is the one to report.
        await trx
          .rollback()
          .execute()
          .catch(() => undefined);
      }
    });
  }

  async rows<T>(query: RawBuilder<unknown>, db: Kysely<unknown> = this.db): Promise<T[]> {
    return (await (query as RawBuilder<T>).execute(db)).rows;
  }

  /** The log position and time the per-cycle read model has applied up to. */
  async position(db: Kysely<unknown> = this.db): Promise<{ position: number | null; asOf: string | null }> {
    const [row] = await this.rows<{ position: string | null; last_event_at: Date | null }>(
      sql`SELECT position, last_event_at FROM ${this.cycles('_checkpoint')}`,
      db,
    );
    return {
      position: row?.position == null ? null : Number(row.position),
      asOf: row?.last_event_at ? row.last_event_at.toISOString() : null,
    };
  }

  /** The log position the catalog read model has applied up to. */
  async catalogPosition(db: Kysely<unknown> = this.db): Promise<number | null> {
    const [row] = await this.rows<{ position: string | null }>(
      sql`SELECT position FROM ${this.catalog('_checkpoint')}`,
      db,
    );
    return row?.position == null ? null : Number(row.position);
  }
}
