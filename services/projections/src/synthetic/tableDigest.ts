import type pg from 'pg';

/** A digest per table and view of a read-model schema, to compare two builds of it row for row. */
export async function tableDigest(pool: pg.Pool, schema: string): Promise<Record<string, string>> {
  const { rows: tables } = await pool.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = $1 AND table_name NOT LIKE 'kysely%' AND table_name <> '_checkpoint' ORDER BY 1`,
    [schema],
  );
  const digest: Record<string, string> = {};
  for (const { name } of tables) {
    const { rows } = await pool.query<{ md5: string | null; n: string }>(
      `SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS md5, count(*) AS n
       FROM "${schema}"."${name}" t`,
    );
    digest[name] = `${rows[0]?.n} rows ${rows[0]?.md5}`;
  }
  return digest;
}
