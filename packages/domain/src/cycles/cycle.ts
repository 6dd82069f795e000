import { ForbiddenError, IllegalStateError, DomainValidationError } from '../actuals/errors.js';
import type { Actor } from '../actuals/kpiActual.js';

/** A PDCA cycle is a fiscal year (April–March); its stream is `cycle-FY2025`. */
export const cycleStreamId = (fiscalYear: number): string => `cycle-FY${fiscalYear}`;

export type CycleEvent =
  | {
      readonly type: 'CycleOpened';
      readonly data: { readonly fiscalYear: number; readonly at: string; readonly by: string };
    }
  | {
      readonly type: 'CycleClosed';
      readonly data: {
        readonly fiscalYear: number;
        readonly at: string;
        readonly by: string;
        readonly reason: string | null;
      };
    }
  | {
      readonly type: 'CycleReopened';
      readonly data: { readonly fiscalYear: number; readonly at: string; readonly by: string; readonly reason: string };
    };

export type CycleState =
  | { readonly status: 'not_opened' }
  | { readonly status: 'open'; readonly since: string; readonly by: string }
  | { readonly status: 'closed'; readonly since: string; readonly by: string; readonly reason: string | null };

export const initialCycleState: CycleState = { status: 'not_opened' };

export function evolveCycle(state: CycleState, event: CycleEvent): CycleState {
  switch (event.type) {
    case 'CycleOpened':
    case 'CycleReopened':
      return { status: 'open', since: event.data.at, by: event.data.by };
    case 'CycleClosed':
      return { status: 'closed', since: event.data.at, by: event.data.by, reason: event.data.reason };
    default: {
      const never: never = event;
      throw new Error(`unknown event ${JSON.stringify(never)}`);
    }
  }
}

interface CycleCommandBase {
  readonly fiscalYear: number;
  readonly actor: Actor;
  /** The time of the decision, passed in. */
  readonly now: Date;
}

export type CycleCommand =
  | ({ readonly type: 'OpenCycle' } & CycleCommandBase)
  | ({ readonly type: 'CloseCycle'; readonly reason?: string | null } & CycleCommandBase)
  | ({ readonly type: 'ReopenCycle'; readonly reason: string } & CycleCommandBase);

/** Only the secretariat manages cycles; reopening a closed cycle needs a reason. */
export function decideCycle(command: CycleCommand, state: CycleState): CycleEvent[] {
  if (command.actor.role !== 'secretariat') throw new ForbiddenError('only the secretariat manages cycles');
  const base = { fiscalYear: command.fiscalYear, at: command.now.toISOString(), by: command.actor.id };
  switch (command.type) {
    case 'OpenCycle':
      if (state.status === 'open')
        throw new IllegalStateError(`FY${command.fiscalYear} is already open since ${state.since}`);
      if (state.status === 'closed')
        throw new IllegalStateError(`FY${command.fiscalYear} was closed on ${state.since}: reopen it with a reason`);
      return [{ type: 'CycleOpened', data: base }];
    case 'CloseCycle':
      if (state.status !== 'open') throw new IllegalStateError(`FY${command.fiscalYear} is not open`);
      return [{ type: 'CycleClosed', data: { ...base, reason: command.reason?.trim() || null } }];
    case 'ReopenCycle':
      if (state.status !== 'closed') throw new IllegalStateError(`FY${command.fiscalYear} is not closed`);
      if (command.reason.trim() === '')
        throw new DomainValidationError('a reason is required to reopen a cycle', 'reason');
      return [{ type: 'CycleReopened', data: { ...base, reason: command.reason.trim() } }];
    default: {
      const never: never = command;
      throw new Error(`unknown command ${JSON.stringify(never)}`);
    }
  }
}
