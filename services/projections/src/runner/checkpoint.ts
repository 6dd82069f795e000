import { sql, type Kysely, type Migration } from 'kysely';

/** The runner's own table in every projection schema: where it is, and where it failed if it did. */
export const checkpointMigration = (schema: string): Record<string, Migration> => ({
  '2026-11-22T10-00-00_checkpoint': {
    async up(db: Kysely<unknown>) {
      await sql`
        CREATE TABLE ${sql.id(schema, '_checkpoint')} (
          id boolean PRIMARY KEY DEFAULT true CHECK (id),
          position bigint,
          events_applied bigint NOT NULL DEFAULT 0,
          last_event_at timestamptz,
          updated_at timestamptz NOT NULL DEFAULT now(),
          failed_position bigint,
          failed_event_id text,
          failed_event_type text,
          error text,
          failed_at timestamptz
        )`.execute(db);
      await sql`INSERT INTO ${sql.id(schema, '_checkpoint')} DEFAULT VALUES`.execute(db);
    },
  },
});

export interface Checkpoint {
  readonly position: number | undefined;
  readonly eventsApplied: number;
  readonly lastEventAt: Date | null;
  readonly failure: Failure | null;
}

export interface Failure {
  readonly position: number;
  readonly eventId: string;
  readonly eventType: string;
  readonly error: string;
  readonly at: Date;
}

interface Row {
  position: string | null;
  events_applied: string;
  last_event_at: Date | null;
  failed_position: string | null;
  failed_event_id: string | null;
  failed_event_type: string | null;
  error: string | null;
  failed_at: Date | null;
}

/**
 * Reads the checkpoint; `forUpdate` (true) locks it, which fences a batch against any other writer;
 * 'share' keeps it, and the schema it is in, from changing until the transaction ends.
 */
export async function readCheckpoint(
  db: Kysely<unknown>,
  schema: string,
  forUpdate: boolean | 'share' = false,
): Promise<Checkpoint> {
  const { rows } = await sql<Row>`
    SELECT position, events_applied, last_event_at, failed_position, failed_event_id, failed_event_type, error, failed_at
    FROM ${sql.id(schema, '_checkpoint')} ${forUpdate === 'share' ? sql`FOR SHARE` : forUpdate ? sql`FOR UPDATE` : sql``}`.execute(
    db,
  );
  const row = rows[0];
  if (!row) throw new Error(`${schema}._checkpoint has no row`);
  return {
    position: row.position === null ? undefined : Number(row.position),
    eventsApplied: Number(row.events_applied),
    lastEventAt: row.last_event_at,
    failure:
      row.failed_position === null
        ? null
        : {
            position: Number(row.failed_position),
            eventId: row.failed_event_id ?? '',
            eventType: row.failed_event_type ?? '',
            error: row.error ?? '',
            at: row.failed_at ?? new Date(0),
          },
  };
}

export async function advanceCheckpoint(
  db: Kysely<unknown>,
  schema: string,
  to: { position: number | undefined; events: number; lastEventAt: Date | null },
): Promise<void> {
  await sql`
    UPDATE ${sql.id(schema, '_checkpoint')}
    SET position = ${to.position ?? null}, events_applied = events_applied + ${to.events},
        last_event_at = coalesce(${to.lastEventAt}, last_event_at), updated_at = now(),
        failed_position = NULL, failed_event_id = NULL, failed_event_type = NULL, error = NULL, failed_at = NULL`.execute(
    db,
  );
}

export async function recordFailure(db: Kysely<unknown>, schema: string, failure: Omit<Failure, 'at'>): Promise<void> {
  await sql`
    UPDATE ${sql.id(schema, '_checkpoint')}
    SET failed_position = ${failure.position}, failed_event_id = ${failure.eventId},
        failed_event_type = ${failure.eventType}, error = ${failure.error}, failed_at = now(), updated_at = now()`.execute(
    db,
  );
}
