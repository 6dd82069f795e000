import { entryStreamId } from '@pdca/domain';
import { StreamNotFound, type EventStore, type RecordedEvent } from '@pdca/eventstore';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { notFound } from '../problems.js';
import type { ReadModels } from '../readModels/readModels.js';
import { historyOf } from './history.js';

const AsOfQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    asOf: { type: 'string', format: 'date-time', description: 'the history as it stood at this moment' },
    asOfPosition: { type: 'string', pattern: '^\\d{1,16}$', description: 'the history up to this log position' },
  },
} as const;
interface AsOf {
  asOf?: string;
  asOfPosition?: string;
}

const readOrEmpty = async (store: EventStore, streamId: string, options: { toPosition?: number }) => {
  try {
    return await store.readStream(streamId, options);
  } catch (error) {
    if (error instanceof StreamNotFound) return [];
    throw error;
  }
};

/** Every event that touched a KPI or a roadmap item, with who, when, why, and the value before and after. */
export function historyRoutes(app: FastifyInstance, { models, store }: { models: ReadModels; store: EventStore }) {
  const respond = async (
    request: FastifyRequest<{ Querystring: AsOf }>,
    reply: FastifyReply,
    entryStream: string,
    ledgerStreams: string[],
    what: string,
  ) => {
    const { asOf, asOfPosition } = request.query;
    const toPosition = asOfPosition === undefined ? undefined : Number(asOfPosition);
    const until = asOf === undefined ? undefined : Date.parse(asOf);
    const events: RecordedEvent[] = [];
    for (const streamId of [entryStream, ...ledgerStreams])
      events.push(...(await readOrEmpty(store, streamId, toPosition === undefined ? {} : { toPosition })));
    const visible = until === undefined ? events : events.filter((e) => e.recordedAt.getTime() <= until);
    if (!visible.some((e) => e.streamId === entryStream)) return notFound(request, reply, `no ${what} then`);
    const history = historyOf(visible);
    return {
      history,
      resolvedPosition: history.at(-1)?.position ?? null,
      ...(asOf !== undefined && { asOf }),
      ...(toPosition !== undefined && { asOfPosition: toPosition }),
    };
  };

  app.get<{ Params: { kpiId: string }; Querystring: AsOf }>(
    '/v1/kpis/:kpiId/history',
    {
      config: { roles: ['auditor', 'secretariat'] },
      schema: {
        params: { type: 'object', properties: { kpiId: { type: 'string', maxLength: 200 } } },
        querystring: AsOfQuery,
      },
    },
    async (request, reply) => {
      const { kpiId } = request.params;
      const periods = await models.rows<{ period: string; component: string }>(
        sql`SELECT DISTINCT period, component FROM ${models.cycles('reports')} WHERE kpi_id = ${kpiId} ORDER BY 1, 2`,
      );
      const streams = periods.map((p) => `actual-${kpiId}@${p.period}${p.component ? `#${p.component}` : ''}`);
      return respond(request, reply, entryStreamId('kpi', kpiId), streams, `KPI ${kpiId}`);
    },
  );

  app.get<{ Params: { itemId: string }; Querystring: AsOf }>(
    '/v1/roadmap-items/:itemId/history',
    {
      config: { roles: ['auditor', 'secretariat'] },
      schema: {
        params: { type: 'object', properties: { itemId: { type: 'string', maxLength: 200 } } },
        querystring: AsOfQuery,
      },
    },
    async (request, reply) => {
      const { itemId } = request.params;
      const years = await models.rows<{ fiscal_year: number }>(
        sql`SELECT fiscal_year FROM ${models.cycles('milestones')} WHERE item_id = ${itemId} ORDER BY 1`,
      );
      const streams = years.map((y) => `milestone-${itemId}@FY${y.fiscal_year}`);
      return respond(request, reply, entryStreamId('roadmap_item', itemId), streams, `roadmap item ${itemId}`);
    },
  );
}
