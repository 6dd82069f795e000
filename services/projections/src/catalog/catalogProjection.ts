import { CATALOG_CATEGORIES, isCatalogEntryEvent, type CatalogEntryEvent, type Facet } from '@pdca/domain';
import type { RecordedEvent } from '@pdca/eventstore';
import { sql, type Kysely } from 'kysely';
import type { Applier, Projection } from '../runner/projection.js';
import { catalogMigrations } from './migrations.js';

export interface CatalogDb {
  entries: {
    kind: string;
    id: string;
    definition: string | null;
    target: string | null;
    baseline: string | null;
    owner: string | null;
    revisions: number;
    updated_at: Date;
    position: number;
  };
}

interface EntryChange {
  kind: string;
  id: string;
  facets: Partial<Record<Facet, unknown>>;
  changes: number;
  position: number;
  at: Date;
}

/** The catalog as it stands: every entry with its current facets, and views per kind. */
export const catalogProjection: Projection = {
  name: 'catalog',
  categories: CATALOG_CATEGORIES,
  migrations: catalogMigrations,
  createApplier: (): Applier => ({ apply: applyCatalog }),
};

async function applyCatalog(raw: Kysely<unknown>, events: readonly RecordedEvent[]): Promise<void> {
  const db = raw as Kysely<CatalogDb>;
  const changes = new Map<string, EntryChange>();
  for (const event of events) {
    if (!isCatalogEntryEvent(event)) continue;
    const { kind, id, facet, value } = (event as unknown as CatalogEntryEvent).data;
    const change = changes.get(id) ?? { kind, id, facets: {}, changes: 0, position: 0, at: event.recordedAt };
    change.facets[facet] = value;
    change.changes += 1;
    change.position = event.position;
    change.at = event.recordedAt;
    changes.set(id, change);
  }
  if (changes.size === 0) return;
  const rows = [...changes.values()].map((c) => ({
    kind: c.kind,
    id: c.id,
    definition: json(c.facets.definition),
    target: json(c.facets.target),
    baseline: json(c.facets.baseline),
    owner: json(c.facets.owner),
    revisions: c.changes,
    updated_at: c.at,
    position: c.position,
  }));
  for (let i = 0; i < rows.length; i += 1000)
    await db
      .insertInto('entries')
      .values(rows.slice(i, i + 1000))
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({
          definition: sql`coalesce(excluded.definition, entries.definition)`,
          target: sql`coalesce(excluded.target, entries.target)`,
          baseline: sql`coalesce(excluded.baseline, entries.baseline)`,
          owner: sql`coalesce(excluded.owner, entries.owner)`,
          revisions: sql`entries.revisions + excluded.revisions`,
          updated_at: sql`excluded.updated_at`,
          position: sql`excluded.position`,
        }),
      )
      .execute();
}

const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));
