import { DomainValidationError, ForbiddenError, IllegalStateError } from '../actuals/errors.js';
import type { Actor } from '../actuals/kpiActual.js';
import {
  FACET_EVENTS,
  type CatalogEntryEvent,
  type CatalogEntryState,
  type EntryKind,
  type Facet,
  type JsonValue,
} from './catalogEntry.js';

export interface ReviseCatalogEntry {
  readonly type: 'ReviseCatalogEntry';
  readonly kind: EntryKind;
  readonly id: string;
  readonly facet: Facet;
  readonly value: JsonValue;
  readonly reason: string;
  readonly actor: Actor;
}

function canonical(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k]!)}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/**
 * The secretariat sets or revises a target, a baseline or an owner (e.g. a KPI whose target waited for a
 * survey). The events carry the reason and no seed hash, so seeding again never reverts them.
 */
export function decideRevision(command: ReviseCatalogEntry, state: CatalogEntryState): CatalogEntryEvent[] {
  if (command.actor.role !== 'secretariat')
    throw new ForbiddenError('only the secretariat manages targets, baselines and owners');
  if (!state.exists) throw new IllegalStateError(`${command.id} is not in the catalog`);
  const names = FACET_EVENTS[command.kind][command.facet];
  if (!names) throw new DomainValidationError(`a ${command.kind} has no ${command.facet}`, command.facet);
  const reason = command.reason.trim();
  if (reason === '') throw new DomainValidationError('a reason is required', 'reason');
  const current = state.facets[command.facet];
  // Compared canonically: values read back from the store may list their keys in another order.
  if (current && canonical(current.value) === canonical(command.value)) return [];
  return [
    {
      type: current === undefined ? names.first : names.revised,
      data: { kind: command.kind, id: command.id, facet: command.facet, value: command.value, reason },
    },
  ];
}
