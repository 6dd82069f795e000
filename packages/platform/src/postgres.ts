import pg from 'pg';
import type { Config } from './config.js';

/** The pool every component shares; statement_timeout bounds how long an event writer can hold readers. */
export function createPool(config: Pick<Config, 'databaseUrl' | 'pgPoolMax' | 'pgStatementTimeoutMs'>, name = 'pdca') {
  return new pg.Pool({
    connectionString: config.databaseUrl,
    max: config.pgPoolMax,
    application_name: name,
    statement_timeout: config.pgStatementTimeoutMs,
    idle_in_transaction_session_timeout: config.pgStatementTimeoutMs,
  });
}

const DUPLICATE_DATABASE = '42P04';

/** Creates the database named in `url` when it is missing, connecting to the server's `postgres` database. */
export async function ensureDatabase(url: string): Promise<'created' | 'exists'> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!name) throw new Error(`database URL ${redact(url)} names no database`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return 'exists';
    await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
    return 'created';
  } catch (error) {
    if ((error as { code?: string }).code === DUPLICATE_DATABASE) return 'exists';
    throw error;
  } finally {
    await client.end();
  }
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable URL>';
  }
}
