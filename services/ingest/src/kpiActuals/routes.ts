import { actualStreamId, type KpiActualCommand } from '@pdca/domain';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { executeKpiActual, type KpiActualDeps } from './executeKpiActual.js';
import { loadKpiContext } from './kpiContext.js';
import { keyedWrite } from '../keyedWrite.js';
import { notFound, replyWithProblems } from '../problems.js';

const Period = {
  type: 'string',
  pattern: '^(FY|CY)\\d{4}$',
  description: 'FY2025 (2025年度) or CY2025 (2025年)',
} as const;
const Reason = { type: 'string', minLength: 1, maxLength: 2000 } as const;
const Text = { type: 'string', maxLength: 2000 } as const;
const Value = { type: 'number', description: "in the KPI's own unit and scale (6,000 for 「6,000万人」)" } as const;
const Status = { type: 'string', enum: ['preliminary', 'final'] } as const;
const Headers = {
  type: 'object',
  properties: {
    'idempotency-key': { type: 'string', minLength: 1, maxLength: 200 },
    'if-match': { type: 'string', pattern: '^(W/)?"?\\d+"?$' },
  },
} as const;
const Appended = {
  type: 'object',
  required: ['eventId', 'position', 'streamVersion'],
  properties: { eventId: { type: 'string' }, position: { type: 'integer' }, streamVersion: { type: 'integer' } },
} as const;
const KpiParams = {
  type: 'object',
  required: ['kpiId'],
  properties: { kpiId: { type: 'string', maxLength: 200 } },
} as const;
const PeriodParams = {
  type: 'object',
  required: ['kpiId', 'period'],
  properties: { kpiId: { type: 'string', maxLength: 200 }, period: Period },
} as const;

interface ReportBody {
  period: string;
  value: number;
  status: 'preliminary' | 'final';
  component?: string;
  source?: string;
  note?: string;
}
interface CorrectBody {
  value: number;
  reason: string;
  status?: 'preliminary' | 'final';
  component?: string;
  note?: string;
}
interface RetractBody {
  reason: string;
  component?: string;
  note?: string;
}

const ifMatchOf = (request: FastifyRequest): number | null => {
  const raw = request.headers['if-match'];
  return typeof raw === 'string' ? Number(raw.replace(/^W\//, '').replaceAll('"', '')) : null;
};

/** Loads the KPI, then decides and appends the command it builds, once per Idempotency-Key. */
async function submit(
  deps: KpiActualDeps,
  request: FastifyRequest<{ Params: { kpiId: string; period?: string } }>,
  reply: FastifyReply,
  body: { period?: string; component?: string; note?: string },
  build: (kpi: NonNullable<Awaited<ReturnType<typeof loadKpiContext>>>) => KpiActualCommand,
) {
  const { kpiId } = request.params;
  const period = request.params.period ?? body.period ?? '';
  const streamId = actualStreamId(kpiId, period, body.component ?? null);
  return replyWithProblems(request, reply, () =>
    keyedWrite(deps.store, request, reply, { streamId, body }, async (identity) => {
      const kpi = await loadKpiContext(deps.streams, kpiId);
      if (!kpi) return notFound(request, reply, 'KPI', kpiId, 'kpiId');
      return executeKpiActual(deps, build(kpi), {
        principal: request.principal!,
        requestId: request.id,
        identity,
        ifMatch: ifMatchOf(request),
        note: body.note ?? null,
      });
    }),
  );
}

/** POST actuals, corrections and retractions of a KPI's period. */
export function kpiActualRoutes(app: FastifyInstance, deps: KpiActualDeps): void {
  const roles = ['submitter', 'secretariat'] as const;
  const actor = (request: FastifyRequest) => ({
    id: request.principal!.tokenId,
    role: request.principal!.role,
    ministry: request.principal!.ministry,
  });

  app.post<{ Params: { kpiId: string }; Body: ReportBody }>(
    '/v1/kpis/:kpiId/actuals',
    {
      config: { roles },
      schema: {
        params: KpiParams,
        headers: Headers,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['period', 'value', 'status'],
          properties: { period: Period, value: Value, status: Status, component: Text, source: Text, note: Text },
        },
        response: { 201: Appended },
      },
    },
    (request, reply) =>
      submit(deps, request, reply, request.body, (kpi) => ({
        type: 'ReportKpiActual',
        kpi,
        actor: actor(request),
        period: request.body.period,
        component: request.body.component ?? null,
        value: request.body.value,
        status: request.body.status,
        source: request.body.source ?? null,
        note: request.body.note ?? null,
      })),
  );

  app.post<{ Params: { kpiId: string; period: string }; Body: CorrectBody }>(
    '/v1/kpis/:kpiId/actuals/:period/corrections',
    {
      config: { roles },
      schema: {
        params: PeriodParams,
        headers: Headers,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['value', 'reason'],
          properties: { value: Value, reason: Reason, status: Status, component: Text, note: Text },
        },
        response: { 201: Appended },
      },
    },
    (request, reply) =>
      submit(deps, request, reply, request.body, (kpi) => ({
        type: 'CorrectKpiActual',
        kpi,
        actor: actor(request),
        period: request.params.period,
        component: request.body.component ?? null,
        value: request.body.value,
        reason: request.body.reason,
        ...(request.body.status && { status: request.body.status }),
      })),
  );

  app.post<{ Params: { kpiId: string; period: string }; Body: RetractBody }>(
    '/v1/kpis/:kpiId/actuals/:period/retractions',
    {
      config: { roles },
      schema: {
        params: PeriodParams,
        headers: Headers,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['reason'],
          properties: { reason: Reason, component: Text, note: Text },
        },
        response: { 201: Appended },
      },
    },
    (request, reply) =>
      submit(deps, request, reply, request.body, (kpi) => ({
        type: 'RetractKpiActual',
        kpi,
        actor: actor(request),
        period: request.params.period,
        component: request.body.component ?? null,
        reason: request.body.reason,
      })),
  );
}
