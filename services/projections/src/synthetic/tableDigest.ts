import { CompiledQuery, Kysely } from 'kysely';
import type pg from 'pg';

/**
 * A digest per table and view of a read-model schema, to compare two builds of it row for row. Takes a
 * pool, or a Kysely transaction to look at a schema only that transaction can see.
 */
export async function tableDigest(source: pg.Pool | Kysely<unknown>, schema: string): Promise<Record<string, string>> {
  const query = async <R>(text: string, params: unknown[] = []): Promise<R[]> =>
    source instanceof Kysely
      ? (await source.executeQuery<R>(CompiledQuery.raw(text, params))).rows
      : ((await source.query(text, params)).rows as R[]);
  const tables = await query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = $1 AND table_name NOT LIKE 'kysely%' AND table_name <> '_checkpoint' ORDER BY 1`,
    [schema],
  );
  const digest: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await query<{ md5: string | null; n: string }>(
      `SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS md5, count(*) AS n
       FROM "${schema}"."${name}" t`,
    );
    digest[name] = `${row?.n} rows ${row?.md5}`;
  }
  return digest;
}
