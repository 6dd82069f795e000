import { CycleClosedError, DomainValidationError, ForbiddenError } from '../actuals/errors.js';
import type { Actor } from '../actuals/kpiActual.js';

export const MILESTONE_STATUSES = ['not_started', 'in_progress', 'completed', 'delayed', 'cancelled'] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];

/** One stream per roadmap item and fiscal year: `milestone-<itemId>@FY2026`. */
export const milestoneStreamId = (itemId: string, fiscalYear: number): string => `milestone-${itemId}@FY${fiscalYear}`;

export interface RoadmapItemContext {
  readonly itemId: string;
  readonly name: string;
  readonly ownerMinistry: string | null;
  readonly years: { readonly from: number; readonly to: number };
}

export type MilestoneEvent = {
  readonly type: 'MilestoneStatusReported';
  readonly data: {
    readonly itemId: string;
    readonly fiscalYear: number;
    readonly status: MilestoneStatus;
    readonly previousStatus: MilestoneStatus | null;
    readonly note: string | null;
    readonly evidenceUrl: string | null;
  };
};

export type MilestoneState = { readonly status: MilestoneStatus | null; readonly reports: number };
export const initialMilestoneState: MilestoneState = { status: null, reports: 0 };

export function evolveMilestone(state: MilestoneState, event: MilestoneEvent): MilestoneState {
  switch (event.type) {
    case 'MilestoneStatusReported':
      return { status: event.data.status, reports: state.reports + 1 };
    default: {
      const never: never = event.type;
      throw new Error(`unknown event ${String(never)}`);
    }
  }
}

export interface ReportMilestoneStatus {
  readonly type: 'ReportMilestoneStatus';
  readonly item: RoadmapItemContext;
  readonly fiscalYear: string;
  readonly status: MilestoneStatus;
  readonly note?: string | null;
  readonly evidenceUrl?: string | null;
  readonly actor: Actor;
  readonly cycle?: { readonly status: string; readonly since?: string; readonly reason?: string | null };
}

/** A ministry reports the status of its roadmap item for a fiscal year; each report is kept. */
export function decideMilestone(command: ReportMilestoneStatus, state: MilestoneState): MilestoneEvent[] {
  const { item, actor, cycle } = command;
  if (actor.role === 'auditor') throw new ForbiddenError('auditors are read-only');
  if (actor.role === 'submitter' && actor.ministry !== item.ownerMinistry)
    throw new ForbiddenError(
      `${item.itemId}（${item.name}）is owned by ${item.ownerMinistry ?? 'no ministry yet'}, not ${actor.ministry ?? 'the caller'}`,
    );
  const match = /^FY(\d{4})$/.exec(command.fiscalYear);
  if (!match) throw new DomainValidationError(`fiscalYear ${command.fiscalYear} must look like FY2026`, 'fiscalYear');
  const year = Number(match[1]);
  if (cycle?.status === 'closed') throw new CycleClosedError(year, cycle.since ?? 'unknown', cycle.reason ?? null);
  if (year < item.years.from || year > item.years.to)
    throw new DomainValidationError(
      `FY${year} is outside the roadmap: FY${item.years.from}–FY${item.years.to}`,
      'fiscalYear',
    );
  if (command.evidenceUrl && !/^https?:\/\/\S+$/.test(command.evidenceUrl))
    throw new DomainValidationError('evidenceUrl must be an http(s) URL', 'evidenceUrl');
  return [
    {
      type: 'MilestoneStatusReported',
      data: {
        itemId: item.itemId,
        fiscalYear: year,
        status: command.status,
        previousStatus: state.status,
        note: command.note ?? null,
        evidenceUrl: command.evidenceUrl ?? null,
      },
    },
  ];
}
