import { randomUUID } from 'node:crypto';
import {
  actualStreamId,
  cycleOfPeriod,
  decideKpiActual,
  decideMilestone,
  DomainValidationError,
  entryStreamId,
  evolveKpiActual,
  evolveMilestone,
  foldEntry,
  ForbiddenError,
  IllegalStateError,
  initialKpiActualState,
  initialMilestoneState,
  kpiContextFrom,
  MILESTONE_STATUSES,
  milestoneStreamId,
  roadmapItemContextFrom,
  type CycleState,
  type KpiActualEvent,
  type KpiActualState,
  type MilestoneEvent,
  type MilestoneState,
  type MilestoneStatus,
} from '@pdca/domain';
import { deterministicEventId, type EventStore, type NewEvent, type RecordedEvent } from '@pdca/eventstore';
import type { Principal } from '@pdca/platform';
import { loadCycle } from '../cycles/cycleState.js';
import { PLAN_END_FISCAL_YEAR } from '../kpiActuals/kpiContext.js';
import { eventMetadata } from '../metadata.js';
import { readStreamOrEmpty, type StreamReader } from '../streams.js';
import type { RowError, SheetRow } from './rows.js';

export interface PlannedAppend {
  readonly streamId: string;
  readonly expectedVersion: number | 'no_stream';
  readonly events: NewEvent[];
  readonly rows: number[];
}

interface StreamSlot {
  version: number | 'no_stream';
  ids: Set<string>;
  state: KpiActualState | MilestoneState;
  planned: PlannedAppend | undefined;
}

const FIELD_TO_COLUMN: Readonly<Record<string, string>> = { fiscalYear: 'period', reason: 'note' };

/**
 * Validates every row against the catalog and the current ledger, deciding in row order as if each row
 * were its own request (so two rows for the same period conflict like two requests would). Nothing is
 * appended here: the caller appends only when there are no errors.
 */
export async function planSubmission(
  { store, streams: catalog }: { store: EventStore; streams: StreamReader },
  rows: readonly SheetRow[],
  request: { principal: Principal; requestId: string; idempotencyKey: string | null; bodyHash: string },
): Promise<{ errors: RowError[]; appends: PlannedAppend[]; alreadyAppended: number; skipped: number }> {
  const errors: RowError[] = [];
  const streams = new Map<string, StreamSlot>();
  const entries = new Map<string, readonly RecordedEvent[]>();
  const cycles = new Map<number, CycleState>();
  let alreadyAppended = 0;
  const { principal } = request;
  const actor = { id: principal.tokenId, role: principal.role, ministry: principal.ministry };

  const read = (streamId: string) => readStreamOrEmpty(store, streamId);
  const entry = async (streamId: string) => {
    if (!entries.has(streamId)) entries.set(streamId, await catalog.read(streamId));
    return foldEntry(entries.get(streamId)!);
  };
  const cycle = async (year: number) => {
    if (!cycles.has(year)) cycles.set(year, (await loadCycle(catalog, year)).state);
    return cycles.get(year)!;
  };
  const slot = async (streamId: string, initial: KpiActualState | MilestoneState, kind: 'actual' | 'milestone') => {
    if (!streams.has(streamId)) {
      const history = await read(streamId);
      const state = history.reduce<KpiActualState | MilestoneState>(
        (s, e) =>
          kind === 'actual'
            ? evolveKpiActual(s as KpiActualState, e as unknown as KpiActualEvent)
            : evolveMilestone(s as MilestoneState, e as unknown as MilestoneEvent),
        initial,
      );
      streams.set(streamId, {
        version: history.at(-1)?.streamVersion ?? 'no_stream',
        ids: new Set(history.map((e) => e.eventId)),
        state,
        planned: undefined,
      });
    }
    return streams.get(streamId)!;
  };

  let skipped = 0;
  for (const { row, cells } of rows) {
    const fail = (column: string, reason: string) => errors.push({ row, column, reason });
    // A template row nobody filled in (no value, no status) reports nothing.
    if (!cells.value && !cells.status && !cells.note && !cells.evidenceUrl) {
      skipped += 1;
      continue;
    }
    const eventId = request.idempotencyKey
      ? deterministicEventId(`${principal.tokenId}/${request.idempotencyKey}/${request.bodyHash}/${row}`)
      : randomUUID();
    try {
      const id = cells.id ?? '';
      if (cells.kind === 'actual') {
        const value = Number(cells.value ?? '');
        if (cells.value === undefined || cells.value === '' || !Number.isFinite(value)) {
          fail('value', 'a finite number is required');
          continue;
        }
        if (cells.status !== 'preliminary' && cells.status !== 'final') {
          fail('status', 'preliminary or final');
          continue;
        }
        const kpi = kpiContextFrom(id, await entry(entryStreamId('kpi', id)), PLAN_END_FISCAL_YEAR);
        if (!kpi) {
          fail('id', `unknown KPI ${id}`);
          continue;
        }
        const period = cells.period ?? '';
        const streamId = actualStreamId(id, period, cells.component);
        const target = await slot(streamId, initialKpiActualState, 'actual');
        if (target.ids.has(eventId)) {
          alreadyAppended += 1;
          continue;
        }
        const yearCycle = /^(FY|CY)\d{4}$/.test(period)
          ? await cycle(cycleOfPeriod(period as `FY${number}`))
          : undefined;
        const events = decideKpiActual(
          {
            type: 'ReportKpiActual',
            kpi,
            actor,
            period,
            component: cells.component ?? null,
            value,
            status: cells.status,
            source: cells.source ?? null,
            note: cells.note ?? null,
            ...(yearCycle && { cycle: yearCycle }),
          },
          target.state as KpiActualState,
        );
        target.state = events.reduce(evolveKpiActual, target.state as KpiActualState);
        plan(target, streamId, events, kpi.ownerMinistry, cells.note ?? null, row, eventId);
      } else if (cells.kind === 'milestone') {
        if (!(MILESTONE_STATUSES as readonly string[]).includes(cells.status ?? '')) {
          fail('status', `one of ${MILESTONE_STATUSES.join(', ')}`);
          continue;
        }
        const item = roadmapItemContextFrom(id, await entry(entryStreamId('roadmap_item', id)), PLAN_END_FISCAL_YEAR);
        if (!item) {
          fail('id', `unknown roadmap item ${id}`);
          continue;
        }
        const fiscalYear = cells.period ?? '';
        const year = /^FY\d{4}$/.test(fiscalYear) ? Number(fiscalYear.slice(2)) : NaN;
        const streamId = milestoneStreamId(id, year);
        const target = await slot(streamId, initialMilestoneState, 'milestone');
        if (target.ids.has(eventId)) {
          alreadyAppended += 1;
          continue;
        }
        const events = decideMilestone(
          {
            type: 'ReportMilestoneStatus',
            item,
            actor,
            fiscalYear,
            status: cells.status as MilestoneStatus,
            note: cells.note ?? null,
            evidenceUrl: cells.evidenceUrl ?? null,
            ...(Number.isFinite(year) && { cycle: await cycle(year) }),
          },
          target.state as MilestoneState,
        );
        target.state = events.reduce(evolveMilestone, target.state as MilestoneState);
        plan(target, streamId, events, item.ownerMinistry, cells.note ?? null, row, eventId);
      } else {
        fail('kind', 'actual or milestone');
      }
    } catch (error) {
      if (error instanceof DomainValidationError) fail(FIELD_TO_COLUMN[error.field] ?? error.field, error.message);
      else if (error instanceof ForbiddenError) fail('id', error.message);
      else if (error instanceof IllegalStateError) fail('period', error.message);
      else throw error;
    }
  }

  function plan(
    target: StreamSlot,
    streamId: string,
    events: readonly (KpiActualEvent | MilestoneEvent)[],
    owner: string | null,
    note: string | null,
    row: number,
    eventId: string,
  ) {
    target.planned ??= { streamId, expectedVersion: target.version, events: [], rows: [] };
    target.planned.rows.push(row);
    target.planned.events.push(
      ...events.map((e) => ({
        id: eventId,
        type: e.type,
        data: e.data,
        metadata: eventMetadata(
          principal,
          { requestId: request.requestId, idempotencyKey: request.idempotencyKey, note },
          owner,
        ),
      })),
    );
  }

  return {
    errors,
    appends: [...streams.values()].flatMap((s) => (s.planned ? [s.planned] : [])),
    alreadyAppended,
    skipped,
  };
}
