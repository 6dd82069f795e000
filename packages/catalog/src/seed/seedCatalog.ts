import {
  CATALOG_CATEGORIES,
  decideSeed,
  entryStreamId,
  foldEntry,
  initialEntryState,
  type CatalogEntryState,
  type SeedCatalogEntry,
} from '@pdca/domain';
import { deterministicEventId, type EventStore, type NewEvent } from '@pdca/eventstore';
import type { Catalog } from '../loadCatalog.js';
import { seedCommands } from './seedCommands.js';

export interface SeedOptions {
  readonly now: Date;
  /** Recorded as the request id of every event this run appends. */
  readonly runId: string;
  readonly concurrency?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface SeedResult {
  readonly entries: number;
  readonly appended: number;
  readonly byType: Readonly<Record<string, number>>;
}

/** What the store already holds of the catalog, per stream: the state and the stream's version. */
async function currentEntries(store: EventStore): Promise<Map<string, { state: CatalogEntryState; version: number }>> {
  const entries = new Map<string, { state: CatalogEntryState; version: number }>();
  for (let after: number | undefined; ;) {
    const slice = await store.readAll({ after, limit: 5000, categories: CATALOG_CATEGORIES });
    for (const event of slice.events) {
      const entry = entries.get(event.streamId) ?? { state: initialEntryState, version: -1 };
      const state = foldEntry([event], entry.state);
      entries.set(event.streamId, { state, version: event.streamVersion });
    }
    after = slice.position;
    if (slice.isEnd) return entries;
  }
}

/**
 * Turns the catalog into events through the event store port. Idempotent: a second run appends nothing,
 * and an edited seed file appends only revision events. Event ids derive from the content, so a run that
 * crashed half-way can simply be repeated.
 */
export async function seedCatalog(store: EventStore, catalog: Catalog, options: SeedOptions): Promise<SeedResult> {
  const commands = seedCommands(catalog);
  const existing = await currentEntries(store);
  const byType: Record<string, number> = {};
  let appended = 0;
  let done = 0;
  const queue = [...commands];
  const worker = async (): Promise<void> => {
    for (let command = queue.shift(); command; command = queue.shift()) {
      // Await first: `appended += await …` would read `appended` before the await and lose updates.
      const count = await seedEntry(store, command, existing, options, byType);
      appended += count;
      options.onProgress?.(++done, commands.length);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  return { entries: commands.length, appended, byType };
}

async function seedEntry(
  store: EventStore,
  command: SeedCatalogEntry,
  existing: Map<string, { state: CatalogEntryState; version: number }>,
  options: SeedOptions,
  byType: Record<string, number>,
): Promise<number> {
  const streamId = entryStreamId(command.kind, command.id);
  const current = existing.get(streamId);
  const events = decideSeed(command, current?.state ?? initialEntryState);
  if (events.length === 0) return 0;
  const newEvents: NewEvent[] = events.map((event) => {
    const id = deterministicEventId(`${streamId}/${event.type}/${event.data.facet}/${event.data.seedHash}`);
    return {
      id,
      type: event.type,
      data: event.data,
      metadata: {
        actor: 'seed',
        role: 'system',
        ministry: null,
        onBehalfOf: null,
        requestId: options.runId,
        idempotencyKey: id,
        occurredAt: options.now.toISOString(),
        schemaVersion: 1,
      },
    };
  });
  await store.append(streamId, newEvents, { expectedVersion: current ? current.version : 'no_stream' });
  for (const event of events) byType[event.type] = (byType[event.type] ?? 0) + 1;
  return events.length;
}
