/**
 * A catalog entry (a KPI, a measure, a roadmap item, …) as seeded from the strategy documents. Each entry
 * has facets (its definition, target, baseline, owner); seeding sets a facet once and revises it only
 * when the seed file's version of it changes. A change made since through the API (e.g. the secretariat
 * reassigning an owner) is not reverted by seeding again, because only seeded hashes are compared.
 */
export type EntryKind =
  | 'strategy_version'
  | 'ministry'
  | 'impact'
  | 'outcome'
  | 'area'
  | 'sub_area'
  | 'measure'
  | 'output_unit'
  | 'kpi'
  | 'roadmap_item';

export type Facet = 'definition' | 'target' | 'baseline' | 'owner';

type EventNames = { readonly first: string; readonly revised: string };

/** The event types each facet of each kind of entry produces. */
export const FACET_EVENTS: Readonly<Record<EntryKind, Partial<Record<Facet, EventNames>>>> = {
  strategy_version: { definition: { first: 'StrategyVersionPublished', revised: 'StrategyVersionRevised' } },
  ministry: { definition: { first: 'MinistryRegistered', revised: 'MinistryRevised' } },
  impact: { definition: { first: 'ImpactDefined', revised: 'ImpactRevised' } },
  outcome: { definition: { first: 'OutcomeDefined', revised: 'OutcomeRevised' } },
  area: { definition: { first: 'AreaDefined', revised: 'AreaRevised' } },
  sub_area: { definition: { first: 'SubAreaDefined', revised: 'SubAreaRevised' } },
  measure: { definition: { first: 'MeasureDefined', revised: 'MeasureRevised' } },
  output_unit: { definition: { first: 'OutputUnitDefined', revised: 'OutputUnitRevised' } },
  kpi: {
    definition: { first: 'KpiDefined', revised: 'KpiDefinitionRevised' },
    target: { first: 'KpiTargetSet', revised: 'KpiTargetRevised' },
    baseline: { first: 'KpiBaselineSet', revised: 'KpiBaselineRevised' },
    owner: { first: 'KpiOwnerAssigned', revised: 'KpiOwnerAssigned' },
  },
  roadmap_item: {
    definition: { first: 'RoadmapItemDefined', revised: 'RoadmapItemRevised' },
    owner: { first: 'RoadmapItemOwnerAssigned', revised: 'RoadmapItemOwnerAssigned' },
  },
};

const STREAM_PREFIX: Readonly<Record<EntryKind, string>> = {
  strategy_version: 'strategy',
  ministry: 'ministry',
  impact: 'impact',
  outcome: 'outcome',
  area: 'area',
  sub_area: 'subarea',
  measure: 'measure',
  output_unit: 'unit',
  kpi: 'kpi',
  roadmap_item: 'roadmap',
};

/** One stream per entry, whose category names its kind: `kpi-output-a.u1.k1`, `ministry-MLIT`. */
export function entryStreamId(kind: EntryKind, id: string): string {
  const prefix = `${STREAM_PREFIX[kind]}-`;
  return id.startsWith(prefix) ? id : `${prefix}${id}`;
}

export const CATALOG_CATEGORIES: readonly string[] = Object.values(STREAM_PREFIX);

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface CatalogEntryEvent {
  readonly type: string;
  readonly data: {
    readonly kind: EntryKind;
    readonly id: string;
    readonly facet: Facet;
    readonly value: JsonValue;
    /** Set on events that seeding wrote: the hash of the seed file's version of the facet. */
    readonly seedHash?: string;
    readonly reason?: string;
  };
}

export interface CatalogEntryState {
  readonly exists: boolean;
  readonly facets: Readonly<Partial<Record<Facet, { readonly value: JsonValue; readonly seedHash?: string }>>>;
}

export const initialEntryState: CatalogEntryState = { exists: false, facets: {} };

export function evolveEntry(state: CatalogEntryState, event: CatalogEntryEvent): CatalogEntryState {
  const { facet, value, seedHash } = event.data;
  const previousSeed = state.facets[facet]?.seedHash;
  const kept = seedHash ?? previousSeed;
  return {
    exists: true,
    facets: { ...state.facets, [facet]: { value, ...(kept !== undefined && { seedHash: kept }) } },
  };
}

export interface SeedCatalogEntry {
  readonly type: 'SeedCatalogEntry';
  readonly kind: EntryKind;
  readonly id: string;
  /** The seed file's version of each facet, with its hash (the caller hashes canonical JSON). */
  readonly facets: Readonly<Partial<Record<Facet, { readonly value: JsonValue; readonly hash: string }>>>;
}

/** The events seeding appends for one entry: facets not seen before, and facets whose seed changed. */
export function decideSeed(command: SeedCatalogEntry, state: CatalogEntryState): CatalogEntryEvent[] {
  const events: CatalogEntryEvent[] = [];
  const names = FACET_EVENTS[command.kind];
  for (const facet of ['definition', 'target', 'baseline', 'owner'] as const) {
    const seeded = command.facets[facet];
    const eventNames = names[facet];
    if (!seeded) continue;
    if (!eventNames) throw new Error(`${command.kind} has no ${facet}`);
    const current = state.facets[facet];
    if (current?.seedHash === seeded.hash) continue;
    const base = { kind: command.kind, id: command.id, facet, value: seeded.value, seedHash: seeded.hash };
    events.push(
      current === undefined
        ? { type: eventNames.first, data: base }
        : { type: eventNames.revised, data: { ...base, reason: 'seed revision' } },
    );
  }
  return events;
}

const CATALOG_EVENT_TYPES: ReadonlySet<string> = new Set(
  Object.values(FACET_EVENTS).flatMap((facets) => Object.values(facets).flatMap((n) => [n.first, n.revised])),
);

/** True for the events that define or revise a catalog entry (not, say, an actual in a KPI's category). */
export function isCatalogEntryEvent(event: { readonly type: string }): boolean {
  return CATALOG_EVENT_TYPES.has(event.type);
}

/** A catalog entry's state from its stream's events; other events in the stream are ignored. */
export function foldEntry(
  events: readonly { readonly type: string; readonly data: unknown }[],
  from: CatalogEntryState = initialEntryState,
): CatalogEntryState {
  return events.reduce(
    (state, event) => (isCatalogEntryEvent(event) ? evolveEntry(state, event as unknown as CatalogEntryEvent) : state),
    from,
  );
}
