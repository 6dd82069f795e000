import { createHash } from 'node:crypto';
import { sql, type Kysely, type Migration } from 'kysely';
import type pg from 'pg';
import { migrateSchema } from './migrations.js';

const migrations: Record<string, Migration> = {
  '2026-11-22T02-00-00_idempotency_keys': {
    async up(db: Kysely<unknown>) {
      await sql`
        CREATE TABLE api.idempotency_keys (
          token_id uuid NOT NULL,
          key text NOT NULL,
          request_hash text NOT NULL,
          status_code integer NOT NULL,
          response jsonb NOT NULL,
          created_at timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (token_id, key)
        )`.execute(db);
    },
  },
};

export function migrateIdempotency(pool: pg.Pool): Promise<string[]> {
  return migrateSchema(pool, 'api', migrations);
}

export const requestHash = (parts: readonly unknown[]): string =>
  createHash('sha256').update(JSON.stringify(parts)).digest('hex');

export type Remembered = { readonly statusCode: number; readonly response: unknown; readonly requestHash: string };

/** Responses by (caller, Idempotency-Key): a retry gets the original answer; keys are per caller. */
export class IdempotencyStore {
  constructor(private readonly pool: pg.Pool) {}

  async find(tokenId: string, key: string): Promise<Remembered | undefined> {
    const { rows } = await this.pool.query<{ status_code: number; response: unknown; request_hash: string }>(
      'SELECT status_code, response, request_hash FROM api.idempotency_keys WHERE token_id = $1 AND key = $2',
      [tokenId, key],
    );
    const row = rows[0];
    return row && { statusCode: row.status_code, response: row.response, requestHash: row.request_hash };
  }

  /** Records the response unless the key already has one; returns what the key holds afterwards. */
  async remember(tokenId: string, key: string, entry: Remembered): Promise<Remembered> {
    const { rowCount } = await this.pool.query(
      `INSERT INTO api.idempotency_keys (token_id, key, request_hash, status_code, response)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [tokenId, key, entry.requestHash, entry.statusCode, JSON.stringify(entry.response)],
    );
    if (rowCount === 1) return entry;
    return (await this.find(tokenId, key)) ?? entry;
  }
}
