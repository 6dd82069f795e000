import {
  cycleOfPeriod,
  decideMilestone,
  entryStreamId,
  evolveMilestone,
  foldEntry,
  initialMilestoneState,
  MILESTONE_STATUSES,
  milestoneStreamId,
  roadmapItemContextFrom,
  type MilestoneEvent,
  type MilestoneStatus,
} from '@pdca/domain';
import type { FastifyInstance } from 'fastify';
import { loadCycle } from '../cycles/cycleState.js';
import { keyedWrite } from '../keyedWrite.js';
import { PLAN_END_FISCAL_YEAR } from '../kpiActuals/kpiContext.js';
import { notFound, replyWithProblems } from '../problems.js';
import { eventMetadata } from '../metadata.js';
import { readStreamOrEmpty, type StreamReader } from '../streams.js';

interface Body {
  fiscalYear: string;
  status: MilestoneStatus;
  note?: string;
  evidenceUrl?: string;
}

/** POST the status of a roadmap item's milestone for a fiscal year (工程表の進捗). */
export function milestoneRoutes(app: FastifyInstance, { streams }: { streams: StreamReader }): void {
  app.post<{ Params: { itemId: string }; Body: Body }>(
    '/v1/roadmap-items/:itemId/milestones',
    {
      config: { roles: ['submitter', 'secretariat'] },
      schema: {
        params: { type: 'object', required: ['itemId'], properties: { itemId: { type: 'string', maxLength: 200 } } },
        headers: {
          type: 'object',
          properties: { 'idempotency-key': { type: 'string', minLength: 1, maxLength: 200 } },
        },
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['fiscalYear', 'status'],
          properties: {
            fiscalYear: { type: 'string', pattern: '^FY\\d{4}$', description: 'FY2026 (2026年度)' },
            status: { type: 'string', enum: [...MILESTONE_STATUSES] },
            note: { type: 'string', maxLength: 2000 },
            evidenceUrl: { type: 'string', maxLength: 2000 },
          },
        },
        response: {
          201: {
            type: 'object',
            required: ['eventId', 'position', 'streamVersion'],
            properties: {
              eventId: { type: 'string' },
              position: { type: 'integer' },
              streamVersion: { type: 'integer' },
            },
          },
        },
      },
    },
    (request, reply) =>
      replyWithProblems(request, reply, () =>
        keyedWrite(
          app.eventStore,
          request,
          reply,
          {
            streamId: milestoneStreamId(request.params.itemId, Number(request.body.fiscalYear.slice(2))),
            body: request.body,
          },
          async (identity) => {
            const { itemId } = request.params;
            const catalog = await streams.read(entryStreamId('roadmap_item', itemId));
            const entry = foldEntry(catalog);
            const item = roadmapItemContextFrom(itemId, entry, PLAN_END_FISCAL_YEAR);
            if (!item) return notFound(request, reply, 'roadmap item', itemId, 'itemId');
            const year = Number(request.body.fiscalYear.slice(2));
            const cycle = (await loadCycle(streams, cycleOfPeriod(request.body.fiscalYear as `FY${number}`))).state;
            const streamId = milestoneStreamId(itemId, year);
            const history = await readStreamOrEmpty(app.eventStore, streamId);
            const state = history.reduce(
              (s, e) => evolveMilestone(s, e as unknown as MilestoneEvent),
              initialMilestoneState,
            );
            const principal = request.principal!;
            const events = decideMilestone(
              {
                type: 'ReportMilestoneStatus',
                item,
                fiscalYear: request.body.fiscalYear,
                status: request.body.status,
                note: request.body.note ?? null,
                evidenceUrl: request.body.evidenceUrl ?? null,
                actor: { id: principal.tokenId, role: principal.role, ministry: principal.ministry },
                cycle,
              },
              state,
            );
            const ids = events.map((_, i) => identity.eventId(i));
            const result = await app.eventStore.append(
              streamId,
              events.map((e, i) => ({
                id: ids[i]!,
                type: e.type,
                data: e.data,
                metadata: eventMetadata(
                  principal,
                  { requestId: request.id, ...identity, note: request.body.note ?? null },
                  item.ownerMinistry,
                ),
              })),
              { expectedVersion: history.at(-1)?.streamVersion ?? 'no_stream' },
            );
            return { eventId: ids.at(-1)!, position: result.position, streamVersion: result.streamVersion };
          },
        ),
      ),
  );
}
