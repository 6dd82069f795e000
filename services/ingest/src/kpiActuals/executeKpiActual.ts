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
import { WrongExpectedVersion, type EventStore } from '@pdca/eventstore';
import type { Principal } from '@pdca/platform';
import { loadCycle } from '../cycles/cycleState.js';
import type { WriteIdentity } from '../keyedWrite.js';
import { eventMetadata } from '../metadata.js';
import { readStreamOrEmpty, type StreamReader } from '../streams.js';
import type { ActualStates, KnownActual } from './actualStates.js';

export interface RequestContext {
  readonly principal: Principal;
  readonly requestId: string;
  readonly identity: WriteIdentity;
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

async function loadActual(store: EventStore, streamId: string): Promise<KnownActual> {
  const events = await readStreamOrEmpty(store, streamId);
  const state = events.reduce((s, e) => evolveKpiActual(s, e as unknown as KpiActualEvent), initialKpiActualState);
  return { state, version: events.at(-1)?.streamVersion ?? ('no_stream' as const) };
}

export interface KpiActualDeps {
  readonly store: EventStore;
  readonly streams: StreamReader;
  readonly actuals: ActualStates;
}

/**
 * Decides on the (KPI, period) stream and appends the events; 2xx only after the append returned, i.e.
 * the events are durable. The first attempt decides on the state this process last saw (a first report
 * guesses an empty stream) and appends with that version as the expected version; when the guess was
 * stale — the append, the If-Match check or the decision fails on it — the stream is read from the store
 * and the command decided again. A concurrent writer likewise makes it decide again (without If-Match).
 */
export async function executeKpiActual(deps: KpiActualDeps, command: KpiActualCommand, request: RequestContext) {
  const { store, actuals } = deps;
  const streamId = actualStreamId(command.kpi.kpiId, command.period, command.component);
  // The cycle is checked before appending; a close that lands in between is an accepted race.
  const cycle = (await loadCycle(deps.streams, cycleOfPeriod(command.period as Period))).state;
  const { principal } = request;
  for (let attempt = 1; ; attempt++) {
    const guess = attempt === 1 ? guessOf(actuals, streamId, command, request) : undefined;
    const { state, version } = guess ?? (await loadActual(store, streamId));
    if (request.ifMatch !== null && version !== request.ifMatch) {
      if (guess) continue;
      throw new PreconditionFailed(request.ifMatch, version);
    }
    let events: KpiActualEvent[];
    try {
      events = decideKpiActual({ ...command, cycle }, state);
    } catch (error) {
      if (guess) continue;
      throw error;
    }
    const eventIds = events.map((_, i) => request.identity.eventId(i));
    try {
      const result = await store.append(
        streamId,
        events.map((event, i) => ({
          id: eventIds[i]!,
          type: event.type,
          data: event.data,
          metadata: eventMetadata(principal, { ...request, ...request.identity }, command.kpi.ownerMinistry),
        })),
        { expectedVersion: version },
      );
      actuals.set(streamId, { state: events.reduce(evolveKpiActual, state), version: result.streamVersion });
      return {
        eventId: eventIds[eventIds.length - 1]!,
        position: result.position,
        streamVersion: result.streamVersion,
      };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersion)) throw error;
      if (guess) continue;
      if (request.ifMatch !== null)
        throw new PreconditionFailed(request.ifMatch, error.actual === 'no_stream' ? 'no_stream' : error.actual);
      if (attempt >= 4) throw error;
    }
  }
}

/** What this process last saw of the stream; for a first report without If-Match, an empty stream. */
function guessOf(
  actuals: ActualStates,
  streamId: string,
  command: KpiActualCommand,
  request: RequestContext,
): KnownActual | undefined {
  const known = actuals.get(streamId);
  if (known) return known;
  return command.type === 'ReportKpiActual' && request.ifMatch === null
    ? { state: initialKpiActualState, version: 'no_stream' }
    : undefined;
}
