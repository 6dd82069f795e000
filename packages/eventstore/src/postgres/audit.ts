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

/** The newest seal: the chain head an auditor can tie a report to. */
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
 * Extends the global chain over events that are settled (no writer can still commit below them), up to
 * `max` of them; one sealer at a time. Runs beside the writers, never in their way: writers only hash
 * within their own stream.
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
    const after = last[0] ? Number(last[0].position) : -1;
    let chain: Buffer = last[0]?.chain ?? ZERO;
    const settled = await store.readLimit();
    const { rows } = await client.query<{ position: string; hash: Buffer }>(
      `SELECT position, hash FROM ${table(store, 'events')} WHERE position > $1 ORDER BY position LIMIT $2`,
      [after, max],
    );
    const positions: string[] = [];
    const chains: Buffer[] = [];
    for (const row of rows) {
      if (Number(row.position) >= settled) break;
      chain = nextChain(chain, row.hash);
      positions.push(row.position);
      chains.push(chain);
    }
    if (positions.length > 0)
      await client.query(
        `INSERT INTO ${table(store, 'seals')} (position, chain) SELECT * FROM unnest($1::bigint[], $2::bytea[])`,
        [positions, chains],
      );
    await client.query('COMMIT');
    const head = positions.length > 0 ? { position: Number(positions.at(-1)), chain: chain.toString('hex') } : null;
    return { sealed: positions.length, head: head ?? (await latestSeal(pool, store)) };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export type BreakKind = 'altered' | 'deleted' | 'inserted' | 'chain_mismatch' | 'stream_gap';

export interface Verification {
  readonly ok: boolean;
  readonly events: number;
  readonly sealedThrough: number | null;
  readonly head: Seal | null;
  /** The lowest position where the log no longer matches its hashes or seals. */
  readonly firstBreak: { readonly position: number; readonly kind: BreakKind; readonly detail: string } | null;
}

/**
 * Re-computes every event's hash (its content and its stream's previous hash) and the global chain
 * against the seals, and reports the first broken link. Detects changed content, deleted events (a seal
 * without its event, or a gap in a stream), inserted events (an event under the sealed head without a
 * seal) and moved events (position is part of the hash, and the chain runs in position order).
 */
export async function verifyLog(pool: pg.Pool, store: PostgresEventStore, batch = 20_000): Promise<Verification> {
  const events = table(store, 'events');
  const { rows: perEvent } = await pool.query<{ position: string; stream_id: string; kind: BreakKind }>(
    `WITH ev AS (
       SELECT position, stream_id, stream_version, hash,
              ${pg.escapeIdentifier(store.layout.schema)}.event_hash(lag(hash) OVER w, position, stream_id,
                stream_version, event_id, type, data, metadata, recorded_at) AS expected,
              lag(stream_version) OVER w AS previous_version
       FROM ${events} WINDOW w AS (PARTITION BY stream_id ORDER BY stream_version))
     SELECT position, stream_id,
            CASE WHEN coalesce(previous_version, -1) <> stream_version - 1 THEN 'stream_gap' ELSE 'altered' END AS kind
     FROM ev WHERE hash IS DISTINCT FROM expected OR coalesce(previous_version, -1) <> stream_version - 1
     ORDER BY position LIMIT 1`,
  );
  let firstBreak: Verification['firstBreak'] = perEvent[0]
    ? {
        position: Number(perEvent[0].position),
        kind: perEvent[0].kind,
        detail:
          perEvent[0].kind === 'stream_gap'
            ? `stream ${perEvent[0].stream_id} misses the version before this event`
            : `the event's hash does not match its content and its stream's previous event (${perEvent[0].stream_id})`,
      }
    : null;

  // The global chain: events and seals merged in position order.
  let chain: Buffer = ZERO;
  let checked = 0;
  let sealedThrough: number | null = null;
  const { rows: lastSeal } = await pool.query<{ position: string }>(
    `SELECT position FROM ${table(store, 'seals')} ORDER BY position DESC LIMIT 1`,
  );
  const sealedHead = lastSeal[0] ? Number(lastSeal[0].position) : -1;
  let after = -1;
  for (;;) {
    const [{ rows: eventRows }, { rows: sealRows }] = await Promise.all([
      pool.query<{ position: string; hash: Buffer }>(
        `SELECT position, hash FROM ${events} WHERE position > $1 ORDER BY position LIMIT $2`,
        [after, batch],
      ),
      pool.query<{ position: string; chain: Buffer }>(
        `SELECT position, chain FROM ${table(store, 'seals')} WHERE position > $1 ORDER BY position LIMIT $2`,
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
    const seals = new Map(sealRows.map((r) => [Number(r.position), r.chain]));
    const positions = [...new Set([...hashes.keys(), ...seals.keys()])].filter((p) => p <= cut).sort((x, y) => x - y);
    let broken: Verification['firstBreak'] = null;
    for (const position of positions) {
      after = position;
      const hash = hashes.get(position);
      const seal = seals.get(position);
      if (hash) checked += 1;
      if (seal && !hash) broken = { position, kind: 'deleted', detail: 'a sealed event is missing' };
      else if (!seal && hash && position <= sealedHead)
        broken = { position, kind: 'inserted', detail: 'an event below the sealed head has no seal' };
      else if (seal && hash) {
        chain = nextChain(chain, hash);
        if (!chain.equals(seal))
          broken = { position, kind: 'chain_mismatch', detail: 'the chain in position order does not match its seal' };
        sealedThrough = position;
      }
      if (broken) break;
    }
    if (broken) {
      if (!firstBreak || broken.position < firstBreak.position) firstBreak = broken;
      break;
    }
  }
  const { rows: total } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${events}`);
  return {
    ok: firstBreak === null,
    events: Number(total[0]?.n ?? checked),
    sealedThrough,
    head: await latestSeal(pool, store),
    firstBreak,
  };
}
