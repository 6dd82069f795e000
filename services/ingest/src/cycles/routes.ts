import { randomUUID } from 'node:crypto';
import { cycleStreamId, decideCycle, type CycleCommand } from '@pdca/domain';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { replyWithProblems } from '../problems.js';
import { eventMetadata } from '../metadata.js';
import { loadCycle } from './cycleState.js';
import type { LiveStreams } from '../liveStreams/liveStreams.js';
import { storeReader } from '../streams.js';

const Params = {
  type: 'object',
  required: ['fy'],
  properties: { fy: { type: 'string', pattern: '^(FY)?\\d{4}$', description: 'FY2025 (2025年度)' } },
} as const;
const reasonBody = (required: boolean) =>
  ({
    type: 'object',
    additionalProperties: false,
    ...(required && { required: ['reason'] }),
    properties: { reason: { type: 'string', minLength: 1, maxLength: 2000 } },
  }) as const;
const Cycle = {
  type: 'object',
  required: ['fiscalYear', 'status', 'streamVersion'],
  properties: {
    fiscalYear: { type: 'integer' },
    status: { type: 'string', enum: ['not_opened', 'open', 'closed'] },
    since: { type: 'string' },
    reason: { type: ['string', 'null'] },
    streamVersion: { type: 'integer' },
  },
} as const;

type Action = 'open' | 'close' | 'reopen';
const commandOf = (
  action: Action,
  base: { fiscalYear: number; actor: CycleCommand['actor']; now: Date },
  reason?: string,
): CycleCommand =>
  action === 'open'
    ? { type: 'OpenCycle', ...base }
    : action === 'close'
      ? { type: 'CloseCycle', ...base, reason: reason ?? null }
      : { type: 'ReopenCycle', ...base, reason: reason ?? '' };

/** The secretariat opens, closes (reason optional) and reopens (reason required) a PDCA cycle. */
export function cycleRoutes(app: FastifyInstance, { streams }: { streams: LiveStreams }): void {
  for (const action of ['open', 'close', 'reopen'] as const) {
    app.post<{ Params: { fy: string }; Body: { reason?: string } | undefined }>(
      `/v1/cycles/:fy/${action}`,
      {
        config: { roles: ['secretariat'] },
        schema: { params: Params, body: reasonBody(action === 'reopen'), response: { 201: Cycle } },
        // An empty request body stands for {} (open and close need none).
        preValidation: (request, _reply, done) => {
          request.body ??= {};
          done();
        },
      },
      (request: FastifyRequest<{ Params: { fy: string }; Body: { reason?: string } | undefined }>, reply) =>
        replyWithProblems(request, reply, async () => {
          const fiscalYear = Number(request.params.fy.replace(/^FY/, ''));
          const principal = request.principal!;
          const { state, version } = await loadCycle(storeReader(app.eventStore), fiscalYear);
          const actor = { id: principal.tokenId, role: principal.role, ministry: principal.ministry };
          const events = decideCycle(
            commandOf(action, { fiscalYear, actor, now: new Date() }, request.body?.reason),
            state,
          );
          const result = await app.eventStore.append(
            cycleStreamId(fiscalYear),
            events.map((e) => ({
              id: randomUUID(),
              type: e.type,
              data: e.data,
              metadata: eventMetadata(principal, { requestId: request.id, idempotencyKey: null }, null),
            })),
            { expectedVersion: version },
          );
          await streams.waitFor(result.position);
          const after = await loadCycle(storeReader(app.eventStore), fiscalYear);
          return reply.status(201).send({ fiscalYear, ...after.state, streamVersion: result.streamVersion });
        }),
    );
  }
}
