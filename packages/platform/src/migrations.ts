import { Kysely, Migrator, PostgresDialect, sql, type Migration } from 'kysely';
import type pg from 'pg';

/**
 * Applies forward-only migrations to one schema, recording them in that schema's own Kysely table;
 * returns the names applied, prefixed with the schema.
 */
export async function migrateSchema(
  pool: pg.Pool,
  schema: string,
  migrations: Record<string, Migration>,
): Promise<string[]> {
  // Not destroyed on purpose: destroying Kysely would end the caller's pool.
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
  await sql`CREATE SCHEMA IF NOT EXISTS ${sql.id(schema)}`.execute(db);
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
    migrationTableSchema: schema,
  });
  const result = await migrator.migrateToLatest();
  if (result.error instanceof Error) throw result.error;
  if (result.error) throw new Error(`${schema} migration failed: ${JSON.stringify(result.error)}`);
  return (result.results ?? []).map((r) => `${schema}:${r.migrationName}`);
}
