import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { sql, type Kysely, type Migration } from 'kysely';
import type pg from 'pg';
import { migrateSchema } from '../migrations.js';

export type Role = 'submitter' | 'secretariat' | 'auditor';
export const ROLES: readonly Role[] = ['submitter', 'secretariat', 'auditor'];

/** Who is calling: resolved from a bearer token. */
export interface Principal {
  readonly tokenId: string;
  readonly name: string;
  readonly role: Role;
  /** The ministry a submitter reports for; the secretariat and auditors may have none. */
  readonly ministry: string | null;
}

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/** Forward-only, frozen once landed. */
const migrations: Record<string, Migration> = {
  '2026-11-22T01-00-00_tokens': {
    async up(db: Kysely<unknown>) {
      await sql`
        CREATE TABLE auth.tokens (
          id uuid PRIMARY KEY,
          name text NOT NULL,
          role text NOT NULL CHECK (role IN ('submitter', 'secretariat', 'auditor')),
          ministry text,
          token_hash text NOT NULL UNIQUE,
          created_at timestamptz NOT NULL DEFAULT now(),
          revoked_at timestamptz,
          CHECK (role <> 'submitter' OR ministry IS NOT NULL)
        )`.execute(db);
    },
  },
};

export function migrateTokens(pool: pg.Pool): Promise<string[]> {
  return migrateSchema(pool, 'auth', migrations);
}

/** Tokens are shown once, when created; only their SHA-256 is stored. */
export class TokenStore {
  constructor(private readonly pool: pg.Pool) {}

  async create(input: { role: Role; ministry?: string | null; name?: string }): Promise<{ id: string; token: string }> {
    if (input.role === 'submitter' && !input.ministry) throw new Error('a submitter token needs --ministry');
    const id = randomUUID();
    const token = `pdca_${randomBytes(32).toString('base64url')}`;
    await this.pool.query(
      'INSERT INTO auth.tokens (id, name, role, ministry, token_hash) VALUES ($1, $2, $3, $4, $5)',
      [
        id,
        input.name ?? `${input.role}${input.ministry ? `-${input.ministry}` : ''}`,
        input.role,
        input.ministry ?? null,
        hash(token),
      ],
    );
    return { id, token };
  }

  /** True when a live token was revoked now. */
  async revoke(id: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'UPDATE auth.tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL',
      [id],
    );
    return (rowCount ?? 0) > 0;
  }

  async resolve(token: string): Promise<Principal | undefined> {
    const { rows } = await this.pool.query<{ id: string; name: string; role: Role; ministry: string | null }>(
      'SELECT id, name, role, ministry FROM auth.tokens WHERE token_hash = $1 AND revoked_at IS NULL',
      [hash(token)],
    );
    const row = rows[0];
    return row && { tokenId: row.id, name: row.name, role: row.role, ministry: row.ministry };
  }
}
