import { Kysely, Migrator, PostgresDialect, sql, type Migration, type MigrationResultSet } from 'kysely';
import type pg from 'pg';
import type { StoreLayout } from './layout.js';
import { POSITION_SHIFT, WRITER_LOCK_CLASS } from './layout.js';

/** Forward-only, frozen once landed: add new migrations, never edit these. */
function migrations(layout: StoreLayout): Record<string, Migration> {
  const s = sql.id(layout.schema);
  return {
    '2026-11-22T00-00-00_events': {
      async up(db: Kysely<unknown>) {
        await sql`
          CREATE TABLE ${s}.store_info (
            singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
            base_xid bigint NOT NULL
          )`.execute(db);
        // Positions count transaction ids from here, so the cluster's earlier history costs no range.
        await sql`INSERT INTO ${s}.store_info (base_xid) VALUES (pg_current_xact_id()::text::bigint)`.execute(db);
        await sql`
          CREATE TABLE ${s}.events (
            position bigint PRIMARY KEY,
            stream_id text NOT NULL,
            stream_version bigint NOT NULL CHECK (stream_version >= 0),
            event_id uuid NOT NULL,
            type text NOT NULL,
            data jsonb NOT NULL,
            metadata jsonb NOT NULL,
            recorded_at timestamptz NOT NULL DEFAULT now(),
            CONSTRAINT events_stream_version_key UNIQUE (stream_id, stream_version),
            CONSTRAINT events_event_id_key UNIQUE (event_id)
          )`.execute(db);
        // Events are never updated or deleted: corrections are new events.
        await sql`
          CREATE FUNCTION ${s}.refuse_event_change() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN
            RAISE EXCEPTION 'events are immutable: % refused', TG_OP USING ERRCODE = 'ES003';
          END $$`.execute(db);
        await sql`
          CREATE TRIGGER events_immutable BEFORE UPDATE OR DELETE ON ${s}.events
          FOR EACH ROW EXECUTE FUNCTION ${s}.refuse_event_change()`.execute(db);
        await sql`
          CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON ${s}.events
          FOR EACH STATEMENT EXECUTE FUNCTION ${s}.refuse_event_change()`.execute(db);
        await sql`
          CREATE FUNCTION ${s}.append_events(
            p_stream text, p_expected_kind text, p_expected bigint, p_events jsonb)
          RETURNS TABLE (stream_version bigint, "position" bigint)
          LANGUAGE plpgsql AS $$
          DECLARE
            v_current bigint;
            v_base bigint;
            v_count int := jsonb_array_length(p_events);
          BEGIN
            -- Readers treat only transactions holding the writer lock as possible writers (see horizon),
            -- so the lock must be taken before this transaction has a transaction id.
            IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
              RAISE EXCEPTION 'append_events must be the first write of its transaction' USING ERRCODE = 'ES002';
            END IF;
            PERFORM pg_advisory_xact_lock_shared(${sql.lit(WRITER_LOCK_CLASS)}, ${sql.lit(layout.writerLockKey)});
            SELECT e.stream_version INTO v_current FROM ${s}.events e
              WHERE e.stream_id = p_stream ORDER BY e.stream_version DESC LIMIT 1;
            IF (p_expected_kind = 'no_stream' AND v_current IS NOT NULL)
               OR (p_expected_kind = 'stream_exists' AND v_current IS NULL)
               OR (p_expected_kind = 'exact' AND v_current IS DISTINCT FROM p_expected) THEN
              RAISE EXCEPTION 'wrong expected version' USING ERRCODE = 'ES001', DETAIL = coalesce(v_current::text, 'no_stream');
            END IF;
            v_base := (pg_current_xact_id()::text::bigint - (SELECT base_xid FROM ${s}.store_info))
              << ${sql.lit(Number(POSITION_SHIFT))};
            IF v_base + v_count > 9007199254740991 THEN
              RAISE EXCEPTION 'global positions exhausted: they would pass 2^53' USING ERRCODE = 'ES004';
            END IF;
            RETURN QUERY
              INSERT INTO ${s}.events AS ev (position, stream_id, stream_version, event_id, type, data, metadata)
              SELECT v_base + e.ord - 1, p_stream, coalesce(v_current, -1) + e.ord,
                     (e.value->>'id')::uuid, e.value->>'type', e.value->'data', coalesce(e.value->'metadata', '{}'::jsonb)
              FROM jsonb_array_elements(p_events) WITH ORDINALITY AS e(value, ord)
              RETURNING ev.stream_version, ev.position;
          END $$`.execute(db);
      },
    },
    '2026-11-22T15-00-00_hash_chain': {
      async up(db: Kysely<unknown>) {
        // Tamper evidence: a sealer hashes each settled event (its content, place and time) and chains
        // the hashes in global order, one seal per event. Writers do no hashing at all, so appends keep
        // their speed; an event is covered once sealed, normally within a second of its commit. The
        // canonical encoding is documented in packages/eventstore/README.md.
        await sql`
          CREATE FUNCTION ${s}.event_hash(
            p_position bigint, p_stream text, p_version bigint, p_id uuid, p_type text,
            p_data jsonb, p_metadata jsonb, p_recorded_at timestamptz)
          RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
            SELECT sha256(convert_to(concat_ws(E'\n', 'pdca-event-v1', p_position::text, p_stream,
              p_version::text, p_id::text, p_type, p_data::text, p_metadata::text,
              (extract(epoch FROM p_recorded_at) * 1000000)::bigint::text), 'UTF8'))
          $$`.execute(db);
        await sql`
          CREATE TABLE ${s}.seals (
            position bigint PRIMARY KEY,
            event_hash bytea NOT NULL,
            chain bytea NOT NULL,
            sealed_at timestamptz NOT NULL DEFAULT now()
          )`.execute(db);
      },
    },
  };
}

/** Applies the event store's migrations to `layout.schema`; safe to run concurrently and repeatedly. */
export async function migrateEventStore(pool: pg.Pool, layout: StoreLayout): Promise<MigrationResultSet> {
  // Not destroyed on purpose: destroying Kysely would end the caller's pool.
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
  await sql`CREATE SCHEMA IF NOT EXISTS ${sql.id(layout.schema)}`.execute(db);
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations(layout)) },
    migrationTableSchema: layout.schema,
  });
  const result = await migrator.migrateToLatest();
  if (result.error instanceof Error) throw result.error;
  if (result.error) throw new Error(`event store migration failed: ${JSON.stringify(result.error)}`);
  return result;
}
