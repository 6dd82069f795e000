import pg from 'pg';
import { POSITION_SHIFT, WRITER_LOCK_CLASS, type StoreLayout } from './layout.js';

const pgIdent = (name: string) => pg.escapeIdentifier(name);

/**
 * The read horizon: the smallest transaction id that may still add events. Every position below
 * `horizon << 20` is settled: its transaction committed (and is visible to any later statement) or
 * never will. Readers read only below it, so the global order never skips an event.
 *
 * Why it is safe: the statement's snapshot S is taken before pg_locks is read. A transaction id below
 * S's xmax that is not in S's in-progress list had finished before S. One that is in the list but is
 * not holding the writer lock when pg_locks is read either never appends (append_events takes the lock
 * before it gets an id) or finished before this statement read pg_locks, so the next statement (the
 * read) sees its rows. Ids handed out later are ≥ xmax. Only event writers count, so an unrelated long
 * or idle transaction elsewhere in the cluster cannot stall readers; event writers are single
 * statements bounded by the pool's statement_timeout.
 *
 * A writer's id is read from pg_stat_activity.backend_xid, which is the same field snapshots read.
 * Its `transactionid` row in pg_locks is not usable: PostgreSQL publishes a new id to snapshots a moment
 * before it inserts that lock, and a reader looking in between would skip the writer (seen under load).
 */
export function horizonSql(layout: StoreLayout): string {
  return `
    WITH snapshot AS (SELECT pg_current_snapshot() AS snap),
    writers AS (
      SELECT a.backend_xid::text::bigint AS xid32
      FROM pg_locks w
      JOIN pg_stat_activity a ON a.pid = w.pid
      WHERE w.locktype = 'advisory' AND w.granted AND a.backend_xid IS NOT NULL
        AND w.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND w.classid = ${WRITER_LOCK_CLASS} AND w.objid = ${layout.writerLockKey} AND w.objsubid = 2
    )
    SELECT ((least(
      pg_snapshot_xmax(snap)::text::bigint,
      (SELECT min(x::text::bigint) FROM pg_snapshot_xip(snap) AS x
        WHERE x::text::bigint % 4294967296 IN (SELECT xid32 FROM writers))
    ) - (SELECT base_xid FROM ${pgIdent(layout.schema)}.store_info)) << ${Number(POSITION_SHIFT)})::text AS limit_position
    FROM snapshot`;
}
