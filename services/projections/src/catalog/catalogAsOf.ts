import { CATALOG_CATEGORIES, entryStreamId, type EntryKind } from '@pdca/domain';
import { readStreamOrEmpty, type EventStore, type RecordedEvent } from '@pdca/eventstore';
import { sql, type Kysely } from 'kysely';
import { advanceCheckpoint, readCheckpoint } from '../runner/checkpoint.js';
import { useSchema } from '../runner/projection.js';
import { createScratchSchema, prefixWithin, streamBound, type Bound } from '../runner/scratch.js';
import { catalogProjection } from './catalogProjection.js';

const STREAM_READS_AT_ONCE = 16;
const COLUMNS = sql.raw('id, kind, definition, target, baseline, owner, revisions, updated_at, position');

/**
 * The catalog read model as it stood at a past moment, built in `schema` inside the caller's transaction
 * without reading the whole log: entries the live model last changed at or before the moment are copied
 * as they are; the few changed since are re-read from their own streams up to the moment and applied with
 * the projection's applier. Gives the tables a replay up to the moment gives. `trx` should be repeatable
 * read, so the live entries and their checkpoint are one snapshot.
 */
export async function catalogAsOf(
  trx: Kysely<unknown>,
  options: { readonly live: string; readonly schema: string; readonly store: EventStore; readonly until: Bound },
): Promise<{ readonly resolvedPosition: number | null }> {
  const { live, schema, store, until } = options;
  // Shared lock: a rebuild's schema swap waits, so the checkpoint and the entries are the same tables.
  const checkpoint = await readCheckpoint(trx, live, 'share');
  await createScratchSchema(trx, catalogProjection, schema);
  const kept = 'position' in until ? sql`position <= ${until.position}` : sql`updated_at <= ${until.time}`;
  await sql`
    INSERT INTO ${sql.id(schema, 'entries')} (${COLUMNS})
    SELECT ${COLUMNS} FROM ${sql.id(live, 'entries')} WHERE ${kept}`.execute(trx);
  const { rows: changed } = await sql<{ kind: EntryKind; id: string }>`
    SELECT kind, id FROM ${sql.id(live, 'entries')} WHERE NOT (${kept}) ORDER BY position`.execute(trx);
  const bound = streamBound(until);
  const events: RecordedEvent[] = [];
  for (let i = 0; i < changed.length; i += STREAM_READS_AT_ONCE)
    for (const stream of await Promise.all(
      changed
        .slice(i, i + STREAM_READS_AT_ONCE)
        .map(({ kind, id }) => readStreamOrEmpty(store, entryStreamId(kind, id), bound)),
    ))
      events.push(...stream);
  events.push(...(await laterThanTheModel(store, checkpoint.position, until)));
  const applier = catalogProjection.createApplier();
  if (events.length > 0)
    await applier.apply(
      await useSchema(trx, schema),
      events.sort((a, b) => a.position - b.position),
    );
  const { rows } = await sql<{ last: string | null }>`
    SELECT max(position)::text AS last FROM ${sql.id(schema, 'entries')}`.execute(trx);
  const resolvedPosition = rows[0]?.last == null ? null : Number(rows[0].last);
  await advanceCheckpoint(trx, schema, {
    position: 'position' in until ? until.position : (resolvedPosition ?? undefined),
    events: 0,
    lastEventAt: null,
  });
  return { resolvedPosition };
}

/** Catalog events after the live model's checkpoint and within the bound: a moment the model has not reached. */
async function laterThanTheModel(store: EventStore, after: number | undefined, until: Bound) {
  if ('position' in until && after !== undefined && until.position <= after) return [];
  const events: RecordedEvent[] = [];
  for (let from = after; ;) {
    const slice = await store.readAll({
      ...(from !== undefined && { after: from }),
      limit: 5000,
      categories: CATALOG_CATEGORIES,
    });
    const taken = prefixWithin(until, slice.events);
    events.push(...taken);
    if (slice.isEnd || taken.length < slice.events.length) return events;
    from = slice.position ?? from;
  }
}
