import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { sendNotFound } from '@pdca/platform';
import { Page, pageOf } from '../readModels/query.js';
import type { ReadModels } from '../readModels/readModels.js';

const READERS = ['auditor', 'secretariat', 'submitter'] as const;

interface KpiFilters {
  level?: string;
  impact?: string;
  outcome?: string;
  ministry?: string;
  targetForm?: string;
  limit?: string;
  offset?: string;
}

/** The strategy catalog as it stands: KPIs, measures with their main projects, roadmap items. */
export function catalogRoutes(app: FastifyInstance, models: ReadModels): void {
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
      const items = await models.rows(
        sql`SELECT id, name, level, parent, outcome_id, impact_id, owner_ministry, target_form, target, baseline, owner
            FROM ${models.catalog('kpis')} WHERE ${where} ORDER BY id LIMIT ${limit} OFFSET ${offset}`,
      );
      const [count] = await models.rows<{ total: number }>(
        sql`SELECT count(*)::int AS total FROM ${models.catalog('kpis')} WHERE ${where}`,
      );
      return { items, total: count?.total ?? 0, limit, offset };
    },
  );

  app.get<{ Params: { kpiId: string } }>(
    '/v1/catalog/kpis/:kpiId',
    {
      config: { roles: READERS },
      schema: { params: { type: 'object', properties: { kpiId: { type: 'string', maxLength: 200 } } } },
    },
    async (request, reply) => {
      const [kpi] = await models.rows(sql`SELECT * FROM ${models.catalog('kpis')} WHERE id = ${request.params.kpiId}`);
      return kpi ?? sendNotFound(request, reply, `no KPI ${request.params.kpiId}`);
    },
  );

  app.get<{ Querystring: { outcome?: string; limit?: string; offset?: string } }>(
    '/v1/catalog/measures',
    {
      config: { roles: READERS },
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { outcome: { type: 'string', maxLength: 100 }, ...Page },
        },
      },
    },
    async (request) => {
      const { outcome } = request.query;
      const { limit, offset } = pageOf(request.query);
      const where = outcome ? sql`definition->>'outcome' = ${outcome}` : sql`true`;
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
    },
  );

  app.get<{ Querystring: { ministry?: string; limit?: string; offset?: string } }>(
    '/v1/catalog/roadmap-items',
    {
      config: { roles: READERS },
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { ministry: { type: 'string', maxLength: 20 }, ...Page },
        },
      },
    },
    async (request) => {
      const { ministry } = request.query;
      const { limit, offset } = pageOf(request.query);
      const where = ministry ? sql`owner_ministry = ${ministry}` : sql`true`;
      const items = await models.rows(
        sql`SELECT id, row_kind, name, project_id, output_unit_id, milestones, owner_ministry
            FROM ${models.catalog('roadmap_items')} WHERE ${where} ORDER BY id LIMIT ${limit} OFFSET ${offset}`,
      );
      const [count] = await models.rows<{ total: number }>(
        sql`SELECT count(*)::int AS total FROM ${models.catalog('roadmap_items')} WHERE ${where}`,
      );
      return { items, total: count?.total ?? 0, limit, offset };
    },
  );
}
