import type { ActualStatus } from '../assessment/actuals.js';
import type { Period } from '../assessment/timeAxis.js';
import { CycleClosedError, DomainValidationError, ForbiddenError, IllegalStateError } from './errors.js';

/** What the caller is, as far as deciding is concerned. */
export interface Actor {
  readonly id: string;
  readonly role: 'submitter' | 'secretariat' | 'auditor';
  readonly ministry: string | null;
}

/** What the decider needs to know about the KPI (from the catalog). */
export interface KpiContext {
  readonly kpiId: string;
  readonly name: string;
  /** CY for KPIs with calendar-year targets (年), FY otherwise (年度, 年度末, 時点). */
  readonly periodBasis: 'CY' | 'FY';
  /** Years a period may name: from the earliest base year to the later of the plan end and the due year. */
  readonly years: { readonly from: number; readonly to: number };
  readonly ownerMinistry: string | null;
  /** Names of components, for KPIs reported per component (e.g. 3倍 of a sum). */
  readonly components: readonly string[];
}

export type KpiActualEvent =
  | {
      readonly type: 'KpiActualReported';
      readonly data: {
        readonly kpiId: string;
        readonly period: Period;
        readonly component: string | null;
        readonly value: number;
        readonly status: ActualStatus;
        readonly source: string | null;
        readonly note: string | null;
      };
    }
  | {
      readonly type: 'KpiActualCorrected';
      readonly data: {
        readonly kpiId: string;
        readonly period: Period;
        readonly component: string | null;
        readonly value: number;
        readonly previousValue: number;
        readonly status: ActualStatus;
        readonly reason: string;
      };
    }
  | {
      readonly type: 'KpiActualRetracted';
      readonly data: {
        readonly kpiId: string;
        readonly period: Period;
        readonly component: string | null;
        readonly previousValue: number;
        readonly reason: string;
      };
    };

export type KpiActualState =
  | { readonly status: 'empty' }
  | {
      readonly status: 'reported';
      readonly value: number;
      readonly actualStatus: ActualStatus;
      readonly corrections: number;
    }
  | { readonly status: 'retracted'; readonly corrections: number };

export const initialKpiActualState: KpiActualState = { status: 'empty' };

export function evolveKpiActual(state: KpiActualState, event: KpiActualEvent): KpiActualState {
  switch (event.type) {
    case 'KpiActualReported':
      return {
        status: 'reported',
        value: event.data.value,
        actualStatus: event.data.status,
        corrections: 'corrections' in state ? state.corrections : 0,
      };
    case 'KpiActualCorrected':
      return {
        status: 'reported',
        value: event.data.value,
        actualStatus: event.data.status,
        corrections: ('corrections' in state ? state.corrections : 0) + 1,
      };
    case 'KpiActualRetracted':
      return { status: 'retracted', corrections: 'corrections' in state ? state.corrections : 0 };
    default: {
      const never: never = event;
      throw new Error(`unknown event ${JSON.stringify(never)}`);
    }
  }
}

interface Target {
  readonly kpi: KpiContext;
  readonly period: string;
  readonly component?: string | null;
  readonly actor: Actor;
  /** The state of the PDCA cycle the period belongs to: a closed cycle refuses every change. */
  readonly cycle?: { readonly status: string; readonly since?: string; readonly reason?: string | null };
}

export type KpiActualCommand =
  | ({
      readonly type: 'ReportKpiActual';
      readonly value: number;
      readonly status: ActualStatus;
      readonly source?: string | null;
      readonly note?: string | null;
    } & Target)
  | ({
      readonly type: 'CorrectKpiActual';
      readonly value: number;
      readonly reason: string;
      readonly status?: ActualStatus;
    } & Target)
  | ({ readonly type: 'RetractKpiActual'; readonly reason: string } & Target);

/** One stream per KPI, period and component: `actual-<kpiId>@FY2025[#component]`. */
export function actualStreamId(kpiId: string, period: string, component?: string | null): string {
  return `actual-${kpiId}@${period}${component ? `#${component}` : ''}`;
}

/** Checks shared by every command: who may act, and whether the period and component fit the KPI. */
function checkTarget({ kpi, period, component, actor, cycle }: Target): { period: Period; component: string | null } {
  if (actor.role === 'auditor') throw new ForbiddenError('auditors are read-only');
  if (actor.role === 'submitter' && actor.ministry !== kpi.ownerMinistry)
    throw new ForbiddenError(
      `${kpi.kpiId}（${kpi.name}）is owned by ${kpi.ownerMinistry ?? 'no ministry yet'}, not ${actor.ministry ?? 'the caller'}`,
    );
  const match = /^(FY|CY)(\d{4})$/.exec(period);
  if (!match) throw new DomainValidationError(`period ${period} must look like ${kpi.periodBasis}2025`, 'period');
  if (match[1] !== kpi.periodBasis)
    throw new DomainValidationError(
      `${kpi.kpiId}（${kpi.name}）is measured by ${kpi.periodBasis === 'CY' ? 'calendar year (年)' : 'fiscal year (年度)'}: use ${kpi.periodBasis}${match[2]}`,
      'period',
    );
  const year = Number(match[2]);
  if (cycle?.status === 'closed') throw new CycleClosedError(year, cycle.since ?? 'unknown', cycle.reason ?? null);
  if (year < kpi.years.from || year > kpi.years.to)
    throw new DomainValidationError(
      `${period} is outside the plan: ${kpi.periodBasis}${kpi.years.from}–${kpi.periodBasis}${kpi.years.to}`,
      'period',
    );
  const named = component ?? null;
  if (kpi.components.length > 0 && (named === null || !kpi.components.includes(named)))
    throw new DomainValidationError(
      `${kpi.kpiId} is reported per component: one of ${kpi.components.join('、')}`,
      'component',
    );
  if (kpi.components.length === 0 && named !== null)
    throw new DomainValidationError(`${kpi.kpiId} has no components`, 'component');
  return { period: period as Period, component: named };
}

const finite = (value: number) => {
  if (!Number.isFinite(value)) throw new DomainValidationError('value must be a finite number', 'value');
  return value;
};
const reasonOf = (reason: string) => {
  if (reason.trim() === '') throw new DomainValidationError('a reason is required', 'reason');
  return reason.trim();
};

/** decide(command, state) → events: pure, exhaustive. */
export function decideKpiActual(command: KpiActualCommand, state: KpiActualState): KpiActualEvent[] {
  const { period, component } = checkTarget(command);
  const kpiId = command.kpi.kpiId;
  switch (command.type) {
    case 'ReportKpiActual':
      if (state.status === 'reported')
        throw new IllegalStateError(
          `${kpiId} ${period} is already reported (${state.value}); send a correction with a reason`,
        );
      return [
        {
          type: 'KpiActualReported',
          data: {
            kpiId,
            period,
            component,
            value: finite(command.value),
            status: command.status,
            source: command.source ?? null,
            note: command.note ?? null,
          },
        },
      ];
    case 'CorrectKpiActual':
      if (state.status !== 'reported') throw new IllegalStateError(`${kpiId} ${period} has no value to correct`);
      return [
        {
          type: 'KpiActualCorrected',
          data: {
            kpiId,
            period,
            component,
            value: finite(command.value),
            previousValue: state.value,
            status: command.status ?? state.actualStatus,
            reason: reasonOf(command.reason),
          },
        },
      ];
    case 'RetractKpiActual':
      if (state.status !== 'reported') throw new IllegalStateError(`${kpiId} ${period} has no value to retract`);
      return [
        {
          type: 'KpiActualRetracted',
          data: { kpiId, period, component, previousValue: state.value, reason: reasonOf(command.reason) },
        },
      ];
    default: {
      const never: never = command;
      throw new Error(`unknown command ${JSON.stringify(never)}`);
    }
  }
}
