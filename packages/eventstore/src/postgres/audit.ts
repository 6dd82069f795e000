import { createHash } from 'node:crypto';
import pg from 'pg';
import type { PostgresEventStore } from './postgresEventStore.js';

const ZERO = Buffer.alloc(32);
const SEALER_LOCK = 'pdca-eventstore-sealer';

/** The global chain: chain(n) = SHA-256(chain(n−1) ‖ event hash(n)), starting from 32 zero bytes. */
export const nextChain = (previous: Buffer, eventHash: Buffer): Buffer =>
  createHash('sha256').update(previous).update(eventHash).digest();

export interface Seal {
  readonly position: number;
  /** Hex of the chain value after the event at `position`. */
  readonly chain: string;
}

const table = (store: PostgresEventStore, name: string) =>
  `${pg.escapeIdentifier(store.layout.schema)}.${pg.escapeIdentifier(name)}`;
const hashOf = (store: PostgresEventStore, row: string) =>
  `${pg.escapeIdentifier(store.layout.schema)}.event_hash(${row}.position, ${row}.stream_id, ${row}.stream_version,
     ${row}.event_id, ${row}.type, ${row}.data, ${row}.metadata, ${row}.recorded_at)`;

/** The newest seal (at or below a position): the chain head an auditor can tie a report to. */
export async function latestSeal(pool: pg.Pool, store: PostgresEventStore, atOrBelow?: number): Promise<Seal | null> {
  const { rows } = await pool.query<{ position: string; chain: Buffer }>(
    `SELECT position, chain FROM ${table(store, 'seals')} ${atOrBelow === undefined ? '' : 'WHERE position <= $1'}
     ORDER BY position DESC LIMIT 1`,
    atOrBelow === undefined ? [] : [atOrBelow],
  );
  const row = rows[0];
  return row ? { position: Number(row.position), chain: row.chain.toString('hex') } : null;
}

/**
 * Hashes and chains events that have settled (no writer can still commit below them), up to `max` of
 * them; one sealer at a time, the others return at once. Writers never wait for it.
 */
export async function sealLog(
  pool: pg.Pool,
  store: PostgresEventStore,
  max = 20_000,
): Promise<{ sealed: number; head: Seal | null }> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows: locked } = await client.query<{ ok: boolean }>(
      'SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS ok',
      [`${SEALER_LOCK}:${store.layout.schema}`],
    );
    if (!locked[0]?.ok) {
      await client.query('ROLLBACK');
      return { sealed: 0, head: await latestSeal(pool, store) };
    }
    const { rows: last } = await client.query<{ position: string; chain: Buffer }>(
      `SELECT position, chain FROM ${table(store, 'seals')} ORDER BY position DESC LIMIT 1`,
    );
    let chain: Buffer = last[0]?.chain ?? ZERO;
    const settled = await store.readLimit();
    const { rows } = await client.query<{ position: string; hash: Buffer }>(
      `SELECT e.position, ${hashOf(store, 'e')} AS hash FROM ${table(store, 'events')} e
       WHERE e.position > $1 AND e.position < $2 ORDER BY e.position LIMIT $3`,
      [last[0] ? last[0].position : -1, settled, max],
    );
    const chains = rows.map((row) => (chain = nextChain(chain, row.hash)));
    if (rows.length > 0)
      await client.query(
        `INSERT INTO ${table(store, 'seals')} (position, event_hash, chain)
         SELECT * FROM unnest($1::bigint[], $2::bytea[], $3::bytea[])`,
        [rows.map((r) => r.position), rows.map((r) => r.hash), chains],
      );
    await client.query('COMMIT');
    const head = rows.length > 0 ? { position: Number(rows.at(-1)!.position), chain: chain.toString('hex') } : null;
    return { sealed: rows.length, head: head ?? (await latestSeal(pool, store)) };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * The chain head at `position`: the seal of the last event at or below it. Seals up to there first if the
 * sealer has not got that far, so the answer never depends on how busy the sealer was.
 */
export async function sealedAt(
  pool: pg.Pool,
  store: PostgresEventStore,
  position: number,
  timeoutMs = 10_000,
): Promise<Seal | null> {
  for (const deadline = Date.now() + timeoutMs; ;) {
    const head = await latestSeal(pool, store);
    if (head && head.position >= position) return latestSeal(pool, store, position);
    const { rows } = await pool.query<{ pending: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM ${table(store, 'events')} WHERE position <= $1 AND position > $2) AS pending`,
      [position, head?.position ?? -1],
    );
    if (!rows[0]?.pending) return head;
    if (Date.now() > deadline) throw new Error(`the log is not sealed up to position ${position} yet`);
    const { sealed } = await sealLog(pool, store);
    if (sealed === 0) await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export type BreakKind = 'altered' | 'deleted' | 'inserted' | 'chain_mismatch' | 'stream_gap' | 'anchor_mismatch';

export interface Verification {
  readonly ok: boolean;
  readonly events: number;
  readonly sealedThrough: number | null;
  readonly head: Seal | null;
  /** The lowest position where the log no longer matches its seals (or a gap in a stream). */
  readonly firstBreak: { readonly position: number; readonly kind: BreakKind; readonly detail: string } | null;
}

/**
 * Re-computes every sealed event's hash and the chain over them, and reports the first broken link:
 * changed content or a moved event (position is hashed), a deleted event (a seal without its event), an
 * inserted one (an event under the sealed head without a seal), seals rewritten to match (the chain no
 * longer adds up), a gap in a stream's versions, and — given heads recorded elsewhere, e.g. in a published
 * report — a log re-sealed from scratch (`anchors` no longer match).
 */
export async function verifyLog(
  pool: pg.Pool,
  store: PostgresEventStore,
  options: { batch?: number; anchors?: readonly Seal[] } = {},
): Promise<Verification> {
  const batch = options.batch ?? 20_000;
  const events = table(store, 'events');
  const breaks: NonNullable<Verification['firstBreak']>[] = [];
  const { rows: gaps } = await pool.query<{ position: string; stream_id: string }>(
    `SELECT position, stream_id FROM (
       SELECT position, stream_id, stream_version,
              lag(stream_version) OVER (PARTITION BY stream_id ORDER BY stream_version) AS previous_version
       FROM ${events}) v
     WHERE coalesce(previous_version, -1) <> stream_version - 1 ORDER BY position LIMIT 1`,
  );
  if (gaps[0])
    breaks.push({
      position: Number(gaps[0].position),
      kind: 'stream_gap',
      detail: `stream ${gaps[0].stream_id} misses the version before this event`,
    });

  const { rows: lastSeal } = await pool.query<{ position: string }>(
    `SELECT position FROM ${table(store, 'seals')} ORDER BY position DESC LIMIT 1`,
  );
  const sealedHead = lastSeal[0] ? Number(lastSeal[0].position) : -1;
  let chain: Buffer = ZERO;
  let sealedThrough: number | null = null;
  let after = -1;
  scan: for (;;) {
    const [{ rows: eventRows }, { rows: sealRows }] = await Promise.all([
      pool.query<{ position: string; hash: Buffer }>(
        `SELECT e.position, ${hashOf(store, 'e')} AS hash FROM ${events} e
         WHERE e.position > $1 ORDER BY e.position LIMIT $2`,
        [after, batch],
      ),
      pool.query<{ position: string; event_hash: Buffer; chain: Buffer }>(
        `SELECT position, event_hash, chain FROM ${table(store, 'seals')} WHERE position > $1 ORDER BY position LIMIT $2`,
        [after, batch],
      ),
    ]);
    if (eventRows.length === 0 && sealRows.length === 0) break;
    // A side cut at `batch` rows is complete only up to its last row.
    const cut = Math.min(
      eventRows.length === batch ? Number(eventRows.at(-1)!.position) : Infinity,
      sealRows.length === batch ? Number(sealRows.at(-1)!.position) : Infinity,
    );
    const hashes = new Map(eventRows.map((r) => [Number(r.position), r.hash]));
    const seals = new Map(sealRows.map((r) => [Number(r.position), r]));
    const positions = [...new Set([...hashes.keys(), ...seals.keys()])].filter((p) => p <= cut).sort((x, y) => x - y);
    for (const position of positions) {
      after = position;
      const hash = hashes.get(position);
      const seal = seals.get(position);
      if (seal) {
        chain = nextChain(chain, seal.event_hash);
        if (!chain.equals(seal.chain)) {
          breaks.push({ position, kind: 'chain_mismatch', detail: 'the seals no longer chain: they were rewritten' });
          break scan;
        }
      }
      if (seal && !hash) breaks.push({ position, kind: 'deleted', detail: 'a sealed event is missing' });
      else if (!seal && hash && position <= sealedHead)
        breaks.push({ position, kind: 'inserted', detail: 'an event below the sealed head has no seal' });
      else if (seal && hash && !hash.equals(seal.event_hash))
        breaks.push({
          position,
          kind: 'altered',
          detail: 'the event no longer matches its seal (content, place or time)',
        });
      else if (seal) sealedThrough = position;
      if (breaks.some((b) => b.kind !== 'stream_gap' || b.position <= position)) break scan;
    }
  }
  for (const anchor of options.anchors ?? []) {
    const { rows } = await pool.query<{ chain: Buffer }>(
      `SELECT chain FROM ${table(store, 'seals')} WHERE position = $1`,
      [anchor.position],
    );
    if (rows[0]?.chain.toString('hex') !== anchor.chain)
      breaks.push({
        position: anchor.position,
        kind: 'anchor_mismatch',
        detail: `the chain head recorded elsewhere (${anchor.chain.slice(0, 12)}…) is not in the log any more`,
      });
  }
  const { rows: total } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${events}`);
  const firstBreak = breaks.sort((a, b) => a.position - b.position)[0] ?? null;
  return {
    ok: firstBreak === null,
    events: Number(total[0]?.n ?? 0),
    sealedThrough,
    head: await latestSeal(pool, store),
    firstBreak,
  };
}
