import { entryStreamId } from '@pdca/domain';
import { readStreamOrEmpty, type EventStore } from '@pdca/eventstore';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { AsOfProperties, momentOf, streamUntil } from '../asOf/moment.js';
import { sendNotFound } from '@pdca/platform';
import type { ReadModels } from '../readModels/readModels.js';
import { historyOf } from './history.js';

const AsOfQuery = { type: 'object', additionalProperties: false, properties: AsOfProperties } as const;
interface AsOf {
  asOf?: string;
  asOfPosition?: string;
}

/** Every event that touched a KPI or a roadmap item, with who, when, why, and the value before and after. */
export function historyRoutes(app: FastifyInstance, { models, store }: { models: ReadModels; store: EventStore }) {
  const respond = async (
    request: FastifyRequest<{ Querystring: AsOf }>,
    reply: FastifyReply,
    entryStream: string,
    ledgerStreams: string[],
    what: string,
  ) => {
    const moment = momentOf(request.query);
    const streams = await Promise.all(
      [entryStream, ...ledgerStreams].map((id) => readStreamOrEmpty(store, id, moment ? streamUntil(moment) : {})),
    );
    const visible = streams.flat();
    if (!visible.some((e) => e.streamId === entryStream)) return sendNotFound(request, reply, `no ${what} then`);
    const history = historyOf(visible);
    return {
      history,
      resolvedPosition: history.at(-1)?.position ?? null,
      ...(request.query.asOf !== undefined && { asOf: request.query.asOf }),
      ...(request.query.asOfPosition !== undefined && { asOfPosition: Number(request.query.asOfPosition) }),
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
