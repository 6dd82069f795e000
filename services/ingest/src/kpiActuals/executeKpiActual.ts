import { randomUUID } from 'node:crypto';
import {
  actualStreamId,
  cycleOfPeriod,
  decideKpiActual,
  evolveKpiActual,
  initialKpiActualState,
  type KpiActualCommand,
  type KpiActualEvent,
  type Period,
} from '@pdca/domain';
import { deterministicEventId, WrongExpectedVersion, type EventStore } from '@pdca/eventstore';
import type { Principal } from '@pdca/platform';
import { loadCycle } from '../cycles/cycleState.js';
import { eventMetadata } from '../metadata.js';
import { readStreamOrEmpty } from '../streams.js';

export interface RequestContext {
  readonly principal: Principal;
  readonly requestId: string;
  readonly idempotencyKey: string | null;
  /** The stream version the caller last saw (If-Match), for corrections and retractions. */
  readonly ifMatch: number | null;
  readonly note: string | null;
}

export class PreconditionFailed extends Error {
  constructor(
    readonly expected: number,
    readonly actual: number | 'no_stream',
  ) {
    super(`If-Match ${expected} does not match the current version ${String(actual)}`);
    this.name = 'PreconditionFailed';
  }
}

async function loadActual(store: EventStore, streamId: string) {
  const events = await readStreamOrEmpty(store, streamId);
  const state = events.reduce((s, e) => evolveKpiActual(s, e as unknown as KpiActualEvent), initialKpiActualState);
  return { state, version: events.at(-1)?.streamVersion ?? ('no_stream' as const) };
}

/**
 * Decides on the (KPI, period) stream and appends the events; 2xx only after the append returned, i.e.
 * the events are durable. A concurrent writer makes it decide again on the new state (without If-Match).
 */
export async function executeKpiActual(store: EventStore, command: KpiActualCommand, request: RequestContext) {
  const streamId = actualStreamId(command.kpi.kpiId, command.period, command.component);
  // The cycle is checked before appending; a close that lands in between is an accepted race.
  const cycle = (await loadCycle(store, cycleOfPeriod(command.period as Period))).state;
  for (let attempt = 1; ; attempt++) {
    const { state, version } = await loadActual(store, streamId);
    if (request.ifMatch !== null && version !== request.ifMatch) throw new PreconditionFailed(request.ifMatch, version);
    const events = decideKpiActual({ ...command, cycle }, state);
    const { principal } = request;
    const ids = events.map((_, i) =>
      request.idempotencyKey
        ? deterministicEventId(`${principal.tokenId}/${request.idempotencyKey}/${i}`)
        : randomUUID(),
    );
    try {
      const result = await store.append(
        streamId,
        events.map((event, i) => ({
          id: ids[i]!,
          type: event.type,
          data: event.data,
          metadata: eventMetadata(principal, request, command.kpi.ownerMinistry),
        })),
        { expectedVersion: version },
      );
      return { eventId: ids[ids.length - 1]!, position: result.position, streamVersion: result.streamVersion };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersion)) throw error;
      if (request.ifMatch !== null)
        throw new PreconditionFailed(request.ifMatch, error.actual === 'no_stream' ? 'no_stream' : error.actual);
      if (attempt >= 3) throw error;
    }
  }
}
