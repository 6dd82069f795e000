import { sql, type Kysely } from 'kysely';

/** Any table, untyped: these helpers write rows that their callers typed already. */
type Loose = Record<string, Record<string, unknown>>;

/** Inserts rows, replacing every column of an existing row with the same key; in chunks under the bind limit. */
export async function upsertAll(
  typed: Kysely<unknown>,
  table: string,
  key: readonly string[],
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  const db = typed as unknown as Kysely<Loose>;
  const first = rows[0];
  if (!first) return;
  const columns = Object.keys(first);
  const chunk = Math.max(1, Math.floor(30_000 / columns.length));
  const updates = Object.fromEntries(columns.filter((c) => !key.includes(c)).map((c) => [c, sql.ref(`excluded.${c}`)]));
  for (let i = 0; i < rows.length; i += chunk)
    await db
      .insertInto(table)
      .values(rows.slice(i, i + chunk))
      .onConflict((oc) => oc.columns([...key]).doUpdateSet(updates))
      .execute();
}

export async function insertAll(typed: Kysely<unknown>, table: string, rows: readonly Record<string, unknown>[]) {
  const db = typed as unknown as Kysely<Loose>;
  const first = rows[0];
  if (!first) return;
  const chunk = Math.max(1, Math.floor(30_000 / Object.keys(first).length));
  for (let i = 0; i < rows.length; i += chunk)
    await db
      .insertInto(table)
      .values(rows.slice(i, i + chunk))
      .execute();
}
