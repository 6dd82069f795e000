import type { EventStore } from '@pdca/eventstore';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { sendNotFound } from '@pdca/platform';
import { pastCatalog } from '../asOf/catalogAsOf.js';
import { AsOfProperties, momentOf } from '../asOf/moment.js';
import { Page, pageOf } from '../readModels/query.js';
import type { ReadModels } from '../readModels/readModels.js';

const READERS = ['auditor', 'secretariat', 'submitter'] as const;

interface AsOf {
  asOf?: string;
  asOfPosition?: string;
}

interface KpiFilters extends AsOf {
  level?: string;
  impact?: string;
  outcome?: string;
  ministry?: string;
  targetForm?: string;
  limit?: string;
  offset?: string;
}

/**
 * The strategy catalog: KPIs, measures with their main projects, roadmap items; as it stands, or with
 * `asOf`/`asOfPosition` as it stood then, stating the last catalog change that answer includes.
 */
export function catalogRoutes(app: FastifyInstance, models: ReadModels, store: EventStore): void {
  const answer = async <T extends object>(query: AsOf, read: (models: ReadModels) => Promise<T | undefined>) => {
    const moment = momentOf(query);
    if (!moment) return read(models);
    const past = await pastCatalog(models, store, moment, read);
    return past.answer && { ...past.answer, asOf: { ...query, resolvedPosition: past.resolvedPosition } };
  };

  app.get<{ Querystring: KpiFilters }>(
    '/v1/catalog/kpis',
    {
      config: { roles: READERS },
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            level: { type: 'string', enum: ['impact', 'outcome', 'output'] },
            impact: { type: 'string', maxLength: 100 },
            outcome: { type: 'string', maxLength: 100 },
            ministry: { type: 'string', maxLength: 20 },
            targetForm: { type: 'string', maxLength: 40 },
            ...Page,
            ...AsOfProperties,
          },
        },
      },
    },
    async (request) => {
      const q = request.query;
      const { limit, offset } = pageOf(q);
      const where = sql.join(
        [
          sql`true`,
          ...(q.level ? [sql`level = ${q.level}`] : []),
          ...(q.impact ? [sql`impact_id = ${q.impact}`] : []),
          ...(q.outcome ? [sql`outcome_id = ${q.outcome}`] : []),
          ...(q.ministry ? [sql`owner_ministry = ${q.ministry}`] : []),
          ...(q.targetForm ? [sql`target_form = ${q.targetForm}`] : []),
        ],
        sql` AND `,
      );
      return answer(q, async (models) => {
        const items = await models.rows(
          sql`SELECT id, name, level, parent, outcome_id, impact_id, owner_ministry, target_form, target, baseline, owner
              FROM ${models.catalog('kpis')} WHERE ${where} ORDER BY id LIMIT ${limit} OFFSET ${offset}`,
        );
        const [count] = await models.rows<{ total: number }>(
          sql`SELECT count(*)::int AS total FROM ${models.catalog('kpis')} WHERE ${where}`,
        );
        return { items, total: count?.total ?? 0, limit, offset };
      });
    },
  );

  app.get<{ Params: { kpiId: string }; Querystring: AsOf }>(
    '/v1/catalog/kpis/:kpiId',
    {
      config: { roles: READERS },
      schema: {
        params: { type: 'object', properties: { kpiId: { type: 'string', maxLength: 200 } } },
        querystring: { type: 'object', additionalProperties: false, properties: AsOfProperties },
      },
    },
    async (request, reply) => {
      const kpi = await answer(request.query, async (models) => {
        const [row] = await models.rows<object>(
          sql`SELECT * FROM ${models.catalog('kpis')} WHERE id = ${request.params.kpiId}`,
        );
        return row;
      });
      return kpi ?? sendNotFound(request, reply, `no KPI ${request.params.kpiId}`);
    },
  );

  app.get<{ Querystring: AsOf & { outcome?: string; limit?: string; offset?: string } }>(
    '/v1/catalog/measures',
    {
      config: { roles: READERS },
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { outcome: { type: 'string', maxLength: 100 }, ...Page, ...AsOfProperties },
        },
      },
    },
    async (request) => {
      const { outcome } = request.query;
      const { limit, offset } = pageOf(request.query);
      const where = outcome ? sql`definition->>'outcome' = ${outcome}` : sql`true`;
      return answer(request.query, async (models) => {
        const items = await models.rows(
          sql`SELECT id, definition->>'title' AS title, definition->>'outcome' AS outcome_id,
                     definition->>'outputUnit' AS output_unit_id, (definition->>'section')::int AS section,
                     coalesce(definition->'projects', '[]') AS projects
              FROM ${models.catalog('measures')} WHERE ${where} ORDER BY id LIMIT ${limit} OFFSET ${offset}`,
        );
        const [count] = await models.rows<{ total: number }>(
          sql`SELECT count(*)::int AS total FROM ${models.catalog('measures')} WHERE ${where}`,
        );
        return { items, total: count?.total ?? 0, limit, offset };
      });
    },
  );

  app.get<{ Querystring: AsOf & { ministry?: string; limit?: string; offset?: string } }>(
    '/v1/catalog/roadmap-items',
    {
      config: { roles: READERS },
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { ministry: { type: 'string', maxLength: 20 }, ...Page, ...AsOfProperties },
        },
      },
    },
    async (request) => {
      const { ministry } = request.query;
      const { limit, offset } = pageOf(request.query);
      const where = ministry ? sql`owner_ministry = ${ministry}` : sql`true`;
      return answer(request.query, async (models) => {
        const items = await models.rows(
          sql`SELECT id, row_kind, name, project_id, output_unit_id, milestones, owner_ministry
              FROM ${models.catalog('roadmap_items')} WHERE ${where} ORDER BY id LIMIT ${limit} OFFSET ${offset}`,
        );
        const [count] = await models.rows<{ total: number }>(
          sql`SELECT count(*)::int AS total FROM ${models.catalog('roadmap_items')} WHERE ${where}`,
        );
        return { items, total: count?.total ?? 0, limit, offset };
      });
    },
  );
}
