import { randomUUID } from 'node:crypto';
import { BaselineSchema, TargetSchema } from '@pdca/catalog';
import {
  decideRevision,
  DomainValidationError,
  entryStreamId,
  foldEntry,
  type EntryKind,
  type Facet,
  type JsonValue,
} from '@pdca/domain';
import { type EventStore } from '@pdca/eventstore';

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFound, replyWithProblems } from '../problems.js';
import { eventMetadata } from '../metadata.js';
import { readStreamOrEmpty } from '../streams.js';
import type { LiveStreams } from '../liveStreams/liveStreams.js';

const Reason = { type: 'string', minLength: 1, maxLength: 2000 } as const;
const Ministry = {
  type: 'string',
  pattern: '^[A-Z]+$',
  description: 'a code of seeds/catalog/ministries.json',
} as const;
const Result = {
  type: 'object',
  required: ['changed', 'streamVersion'],
  properties: { changed: { type: 'boolean' }, position: { type: 'integer' }, streamVersion: { type: 'integer' } },
} as const;

async function revise(
  app: FastifyInstance,
  streams: LiveStreams,
  request: FastifyRequest,
  reply: FastifyReply,
  target: { kind: EntryKind; id: string; facet: Facet; value: JsonValue; reason: string },
) {
  const streamId = entryStreamId(target.kind, target.id);
  const history = await readStreamOrEmpty(app.eventStore, streamId);
  if (history.length === 0) return notFound(request, reply, target.kind.replace('_', ' '), target.id, 'id');
  const state = foldEntry(history);
  const principal = request.principal!;
  const events = decideRevision(
    {
      type: 'ReviseCatalogEntry',
      ...target,
      actor: { id: principal.tokenId, role: principal.role, ministry: principal.ministry },
    },
    state,
  );
  const version = history.at(-1)!.streamVersion;
  if (events.length === 0) return reply.status(200).send({ changed: false, streamVersion: version });
  const result = await app.eventStore.append(
    streamId,
    events.map((e) => ({
      id: randomUUID(),
      type: e.type,
      data: e.data,
      metadata: eventMetadata(principal, { requestId: request.id, idempotencyKey: null, note: target.reason }, null),
    })),
    { expectedVersion: version },
  );
  await streams.waitFor(result.position);
  return reply.status(200).send({ changed: true, position: result.position, streamVersion: result.streamVersion });
}

async function assertMinistry(store: EventStore, code: string) {
  if ((await readStreamOrEmpty(store, entryStreamId('ministry', code))).length === 0)
    throw new DomainValidationError(`unknown ministry ${code}: see seeds/catalog/ministries.json`, 'ministry');
}

/** The secretariat sets targets and baselines (with a reason) and assigns owners of KPIs and roadmap items. */
export function catalogAdminRoutes(app: FastifyInstance, { streams }: { streams: LiveStreams }): void {
  const config = { roles: ['secretariat'] as const };
  const kpiParams = {
    type: 'object',
    required: ['kpiId'],
    properties: { kpiId: { type: 'string', maxLength: 200 } },
  } as const;

  app.put<{ Params: { kpiId: string }; Body: { target: JsonValue; reason: string } }>(
    '/v1/kpis/:kpiId/target',
    {
      config,
      schema: {
        params: kpiParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['target', 'reason'],
          properties: { target: TargetSchema, reason: Reason },
        },
        response: { 200: Result },
      },
    },
    (request, reply) =>
      replyWithProblems(request, reply, () =>
        revise(app, streams, request, reply, {
          kind: 'kpi',
          id: request.params.kpiId,
          facet: 'target',
          value: request.body.target,
          reason: request.body.reason,
        }),
      ),
  );

  app.put<{
    Params: { kpiId: string };
    Body: { baseline?: JsonValue; componentBaselines?: JsonValue; reason: string };
  }>(
    '/v1/kpis/:kpiId/baseline',
    {
      config,
      schema: {
        params: kpiParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['reason'],
          oneOf: [{ required: ['baseline'] }, { required: ['componentBaselines'] }],
          properties: {
            baseline: BaselineSchema,
            componentBaselines: { type: 'object', additionalProperties: BaselineSchema, minProperties: 1 },
            reason: Reason,
          },
        },
        response: { 200: Result },
      },
    },
    (request, reply) =>
      replyWithProblems(request, reply, () =>
        revise(app, streams, request, reply, {
          kind: 'kpi',
          id: request.params.kpiId,
          facet: 'baseline',
          value: (request.body.baseline ?? request.body.componentBaselines)!,
          reason: request.body.reason,
        }),
      ),
  );

  for (const [kind, path, param] of [
    ['kpi', '/v1/kpis/:kpiId/owner', 'kpiId'],
    ['roadmap_item', '/v1/roadmap-items/:itemId/owner', 'itemId'],
  ] as const) {
    app.put<{ Params: Record<string, string>; Body: { ministry: string; reason: string } }>(
      path,
      {
        config,
        schema: {
          params: { type: 'object', required: [param], properties: { [param]: { type: 'string', maxLength: 200 } } },
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['ministry', 'reason'],
            properties: { ministry: Ministry, reason: Reason },
          },
          response: { 200: Result },
        },
      },
      (request, reply) =>
        replyWithProblems(request, reply, async () => {
          await assertMinistry(app.eventStore, request.body.ministry);
          return revise(app, streams, request, reply, {
            kind,
            id: request.params[param]!,
            facet: 'owner',
            value: { provenance: 'assigned', ministry: request.body.ministry },
            reason: request.body.reason,
          });
        }),
    );
  }
}
