import type { RecordedEvent } from '@pdca/eventstore';
import { sql, type Kysely } from 'kysely';
import type { Projection } from './projection.js';

/**
 * A projection for testing the runner: one row per event in the `probe` category, keyed by position, so
 * applying an event twice fails on the key, and an event of type `Poison` fails unless `tolerate` says so.
 */
export function probeProjection(options: { tolerate?: () => boolean } = {}): Projection {
  return {
    name: 'probe',
    categories: ['probe'],
    migrations: (schema) => ({
      '2026-11-22T13-00-00_applied': {
        async up(db) {
          await sql`
            CREATE TABLE ${sql.id(schema, 'applied')} (
              position bigint PRIMARY KEY, stream_id text NOT NULL, type text NOT NULL, worker text
            )`.execute(db);
        },
      },
    }),
    createApplier: () => ({
      async apply(db: Kysely<unknown>, events: readonly RecordedEvent[]) {
        for (const event of events)
          if (event.type === 'Poison' && !options.tolerate?.()) throw new Error(`cannot apply ${event.eventId}`);
        const rows = events.map((e) => sql`(${e.position}, ${e.streamId}, ${e.type}, ${process.pid.toString()})`);
        await sql`INSERT INTO applied (position, stream_id, type, worker) VALUES ${sql.join(rows)}`.execute(db);
      },
    }),
  };
}
