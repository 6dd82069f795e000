import {
  CATEGORY_LABELS,
  fiscalYearLabel,
  PLAN_END_FISCAL_YEAR,
  PLAN_FIRST_FISCAL_YEAR,
  type Category,
} from '@pdca/domain';
import type { EventStore } from '@pdca/eventstore';
import { sendNotFound, sendProblem } from '@pdca/platform';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { cycleChanges } from '../asOf/changes.js';
import { cycleAsOf, cycleStateAt, summaryRowsOf } from '../asOf/cycleAsOf.js';
import { kpiAsOf } from '../asOf/kpiAsOf.js';
import { AsOfProperties, momentFrom, momentOf } from '../asOf/moment.js';
import { coverageAsOf, roadmapAsOf } from '../asOf/roadmapAsOf.js';
import { FiscalYearParam, fiscalYearOf, Page, pageOf } from '../readModels/query.js';
import type { ReadModels } from '../readModels/readModels.js';

const READERS = ['auditor', 'secretariat', 'submitter'] as const;

/** A submitter sees its own ministry's rows; the secretariat and auditors see every ministry. */
const ministryScope = (request: FastifyRequest, column: string) => {
  const principal = request.principal!;
  return principal.role === 'submitter' ? sql`${sql.ref(column)} = ${principal.ministry}` : sql`true`;
};

const inPlan = (fy: number) => fy >= PLAN_FIRST_FISCAL_YEAR && fy <= PLAN_END_FISCAL_YEAR;

/** The PDCA cycles and, per cycle, the summary, KPIs, roadmap and submission coverage. */
export function cycleRoutes(app: FastifyInstance, models: ReadModels, store: EventStore): void {
  const cycleState = async (fy: number) => {
    const [state] = await models.rows<{ status: string; since: Date; by: string; reason: string | null }>(
      sql`SELECT status, since, by, reason FROM ${models.cycles('cycles')} WHERE fiscal_year = ${fy}`,
    );
    return state ?? { status: 'not_opened', since: null, by: null, reason: null };
  };

  app.get<{ Querystring: { asOf?: string; asOfPosition?: string } }>(
    '/v1/cycles',
    {
      config: { roles: READERS },
      schema: { querystring: { type: 'object', additionalProperties: false, properties: AsOfProperties } },
    },
    async (request) => {
      const moment = momentOf(request.query);
      const cycles = [];
      for (let fy = PLAN_FIRST_FISCAL_YEAR; fy <= PLAN_END_FISCAL_YEAR; fy++)
        cycles.push({
          cycle: `FY${fy}`,
          label: fiscalYearLabel(fy),
          ...(moment ? await cycleStateAt(store, fy, moment) : await cycleState(fy)),
        });
      return moment ? { cycles, asOf: request.query } : { cycles, ...(await models.position()) };
    },
  );

  app.get<{ Params: { fy: string }; Querystring: { asOf?: string; asOfPosition?: string } }>(
    '/v1/cycles/:fy/summary',
    {
      config: { roles: READERS },
      schema: {
        params: FiscalYearParam,
        querystring: { type: 'object', additionalProperties: false, properties: AsOfProperties },
      },
    },
    async (request, reply) => {
      const fy = fiscalYearOf(request.params.fy);
      if (!inPlan(fy)) return sendNotFound(request, reply, `${request.params.fy} is not a cycle of the plan`);
      const moment = momentOf(request.query);
      const past = moment && (await cycleAsOf(models, store, fy, moment));
      const rows = past
        ? summaryRowsOf(past)
        : await models.rows<{ group_kind: string; group_id: string; category: Category; kpis: number }>(
            sql`SELECT group_kind, group_id, category, kpis FROM ${models.cycles('summary')}
                WHERE cycle = ${fy} ORDER BY group_kind, group_id, category`,
          );
      const groups = (kind: string) => {
        const byId = new Map<string, Record<string, number>>();
        for (const row of rows.filter((r) => r.group_kind === kind)) {
          const counts = byId.get(row.group_id) ?? Object.fromEntries(Object.keys(CATEGORY_LABELS).map((c) => [c, 0]));
          counts[row.category] = row.kpis;
          byId.set(row.group_id, counts);
        }
        return [...byId].map(([id, counts]) => ({ id, counts }));
      };
      return {
        cycle: request.params.fy,
        label: fiscalYearLabel(fy),
        state: moment ? await cycleStateAt(store, fy, moment) : await cycleState(fy),
        categories: CATEGORY_LABELS,
        byImpact: groups('impact'),
        byOutcome: groups('outcome'),
        ...(past
          ? { position: past.resolvedPosition, asOf: { ...request.query, resolvedPosition: past.resolvedPosition } }
          : await models.position()),
      };
    },
  );

  app.get<{
    Params: { fy: string };
    Querystring: {
      outcome?: string;
      ministry?: string;
      category?: string;
      limit?: string;
      offset?: string;
      asOf?: string;
      asOfPosition?: string;
    };
  }>(
    '/v1/cycles/:fy/kpis',
    {
      config: { roles: READERS },
      schema: {
        params: FiscalYearParam,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            outcome: { type: 'string', maxLength: 100 },
            ministry: { type: 'string', maxLength: 20 },
            category: { type: 'string', enum: Object.keys(CATEGORY_LABELS) },
            ...Page,
            ...AsOfProperties,
          },
        },
      },
    },
    async (request) => {
      const fy = fiscalYearOf(request.params.fy);
      const q = request.query;
      const { limit, offset } = pageOf(q);
      const moment = momentOf(q);
      if (moment) {
        const past = await cycleAsOf(models, store, fy, moment);
        const principal = request.principal!;
        const matching = past.rows
          .map((r) => ({ ...r, ...(past.lineage.get(r.kpi_id) ?? { outcome_id: null, impact_id: null }) }))
          .filter(
            (r) =>
              (principal.role !== 'submitter' || r.owner_ministry === principal.ministry) &&
              (!q.outcome || r.outcome_id === q.outcome) &&
              (!q.ministry || r.owner_ministry === q.ministry) &&
              (!q.category || r.category === q.category),
          );
        const items = matching.slice(offset, offset + limit).map((r) => ({
          kpi_id: r.kpi_id,
          name: r.name,
          level: r.level,
          outcome_id: r.outcome_id,
          impact_id: r.impact_id,
          owner_ministry: r.owner_ministry,
          period: r.period,
          due: r.due,
          submitted: r.submitted,
          value: r.value,
          status: r.status,
          reported_by: r.reported_by,
          reported_at: r.reported_at,
          corrections: r.corrections,
          category: r.category,
          reason: r.reason,
          ratio: r.ratio,
          method: r.method,
          explanation: r.explanation,
          series: JSON.parse(r.series) as unknown,
        }));
        return {
          cycle: request.params.fy,
          items,
          total: matching.length,
          limit,
          offset,
          position: past.resolvedPosition,
          asOf: { asOf: q.asOf, asOfPosition: q.asOfPosition, resolvedPosition: past.resolvedPosition },
        };
      }
      const where = sql.join(
        [
          sql`kc.cycle = ${fy}`,
          ministryScope(request, 'kc.owner_ministry'),
          ...(q.outcome ? [sql`l.outcome_id = ${q.outcome}`] : []),
          ...(q.ministry ? [sql`kc.owner_ministry = ${q.ministry}`] : []),
          ...(q.category ? [sql`kc.category = ${q.category}`] : []),
        ],
        sql` AND `,
      );
      const from = sql`${models.cycles('kpi_cycles')} kc JOIN ${models.cycles('kpi_lineage')} l USING (kpi_id)`;
      const items = await models.rows(
        sql`SELECT kc.kpi_id, kc.name, kc.level, l.outcome_id, l.impact_id, kc.owner_ministry, kc.period, kc.due,
                   kc.submitted, kc.value, kc.status, kc.reported_by, kc.reported_at, kc.corrections, kc.category,
                   kc.reason, kc.ratio, kc.method, kc.explanation, kc.series
            FROM ${from} WHERE ${where} ORDER BY kc.kpi_id LIMIT ${limit} OFFSET ${offset}`,
      );
      const [count] = await models.rows<{ total: number }>(
        sql`SELECT count(*)::int AS total FROM ${from} WHERE ${where}`,
      );
      return {
        cycle: request.params.fy,
        items,
        total: count?.total ?? 0,
        limit,
        offset,
        ...(await models.position()),
      };
    },
  );

  app.get<{ Params: { fy: string; kpiId: string }; Querystring: { asOf?: string; asOfPosition?: string } }>(
    '/v1/cycles/:fy/kpis/:kpiId',
    {
      config: { roles: READERS },
      schema: {
        params: {
          type: 'object',
          required: ['fy', 'kpiId'],
          properties: { ...FiscalYearParam.properties, kpiId: { type: 'string', maxLength: 200 } },
        },
        querystring: { type: 'object', additionalProperties: false, properties: AsOfProperties },
      },
    },
    async (request, reply) => {
      const fy = fiscalYearOf(request.params.fy);
      const moment = momentOf(request.query);
      if (moment) {
        const past = await kpiAsOf(models, store, request.params.kpiId, fy, moment);
        const principal = request.principal!;
        if (!past || (principal.role === 'submitter' && past.row.owner_ministry !== principal.ministry))
          return sendNotFound(request, reply, `no KPI ${request.params.kpiId} in ${request.params.fy} at that moment`);
        return {
          ...past.row,
          series: JSON.parse(past.row.series) as unknown,
          latest: past.row.latest === null ? null : (JSON.parse(past.row.latest) as unknown),
          assessment: JSON.parse(past.row.assessment) as unknown,
          ...past.lineage,
          target: past.target,
          baseline: past.baseline,
          actuals: past.actuals.map(({ kpi_id: _k, first_reported_at: _f, position: _p, ...a }) => a),
          position: past.resolvedPosition,
          asOf: { ...request.query, resolvedPosition: past.resolvedPosition },
        };
      }
      const [kpi] = await models.rows<{ owner_ministry: string | null }>(
        sql`SELECT kc.*, l.outcome_id, l.impact_id, k.target, k.baseline
            FROM ${models.cycles('kpi_cycles')} kc
            JOIN ${models.cycles('kpi_lineage')} l USING (kpi_id) JOIN ${models.cycles('kpis')} k USING (kpi_id)
            WHERE kc.cycle = ${fy} AND kc.kpi_id = ${request.params.kpiId} AND ${ministryScope(request, 'kc.owner_ministry')}`,
      );
      if (!kpi) return sendNotFound(request, reply, `no KPI ${request.params.kpiId} in ${request.params.fy}`);
      const actuals = await models.rows(
        sql`SELECT period, component, value, status, retracted, reported_by, reporter_ministry, on_behalf_of,
                   reported_at, corrections, reports
            FROM ${models.cycles('actuals')} WHERE kpi_id = ${request.params.kpiId} ORDER BY period, component`,
      );
      return { ...kpi, actuals, ...(await models.position()) };
    },
  );

  app.get<{
    Params: { fy: string };
    Querystring: { ministry?: string; limit?: string; offset?: string; asOf?: string; asOfPosition?: string };
  }>(
    '/v1/cycles/:fy/roadmap',
    {
      config: { roles: READERS },
      schema: {
        params: FiscalYearParam,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { ministry: { type: 'string', maxLength: 20 }, ...Page, ...AsOfProperties },
        },
      },
    },
    async (request) => {
      const fy = fiscalYearOf(request.params.fy);
      const q = request.query;
      const { limit, offset } = pageOf(q);
      const moment = momentOf(q);
      if (moment) {
        const principal = request.principal!;
        const rows = (await roadmapAsOf(store, fy, moment)).filter(
          (r) =>
            (r.has_plan || r.status !== null) &&
            (principal.role !== 'submitter' || r.owner_ministry === principal.ministry) &&
            (!q.ministry || r.owner_ministry === q.ministry),
        );
        const resolvedPosition = Math.max(0, ...rows.map((r) => r.position));
        return {
          cycle: request.params.fy,
          items: rows
            .slice(offset, offset + limit)
            .map(({ has_plan: _h, reporter_ministry: _r, position: _p, ...r }) => r),
          total: rows.length,
          limit,
          offset,
          position: resolvedPosition,
          asOf: { asOf: q.asOf, asOfPosition: q.asOfPosition, resolvedPosition },
        };
      }
      const where = sql.join(
        [
          sql`cycle = ${fy}`,
          sql`(has_plan OR status IS NOT NULL)`,
          ministryScope(request, 'owner_ministry'),
          ...(q.ministry ? [sql`owner_ministry = ${q.ministry}`] : []),
        ],
        sql` AND `,
      );
      const items = await models.rows(
        sql`SELECT item_id, name, row_kind, project_id, output_unit_id, owner_ministry, planned, status,
                   previous_status, note, evidence_url, reported_by, reported_at, reports, overdue
            FROM ${models.cycles('roadmap_status')} WHERE ${where} ORDER BY item_id LIMIT ${limit} OFFSET ${offset}`,
      );
      const [count] = await models.rows<{ total: number }>(
        sql`SELECT count(*)::int AS total FROM ${models.cycles('roadmap_status')} WHERE ${where}`,
      );
      return {
        cycle: request.params.fy,
        items,
        total: count?.total ?? 0,
        limit,
        offset,
        ...(await models.position()),
      };
    },
  );

  app.get<{ Params: { fy: string }; Querystring: { from: string; to?: string } }>(
    '/v1/cycles/:fy/changes',
    {
      config: { roles: ['auditor', 'secretariat'] },
      schema: {
        params: FiscalYearParam,
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['from'],
          properties: {
            from: { type: 'string', maxLength: 40, description: 'a log position or an ISO time' },
            to: { type: 'string', maxLength: 40, description: 'a log position or an ISO time (default: now)' },
          },
        },
      },
    },
    async (request, reply) => {
      const bad = [request.query.from, request.query.to].find(
        (v) => v !== undefined && !/^\d+$/.test(v) && Number.isNaN(Date.parse(v)),
      );
      if (bad !== undefined)
        return sendProblem(reply, {
          type: 'about:blank',
          title: 'Bad Request',
          status: 400,
          detail: `${bad} is neither a log position nor an ISO time`,
          instance: request.url,
          errors: [{ field: 'from/to', reason: 'a log position (digits) or an ISO-8601 time' }],
        });
      const to = request.query.to ?? new Date().toISOString();
      return {
        cycle: request.params.fy,
        ...(await cycleChanges(
          models,
          store,
          fiscalYearOf(request.params.fy),
          momentFrom(request.query.from),
          momentFrom(to),
        )),
      };
    },
  );

  app.get<{ Params: { fy: string }; Querystring: { asOf?: string; asOfPosition?: string } }>(
    '/v1/cycles/:fy/coverage',
    {
      config: { roles: READERS },
      schema: {
        params: FiscalYearParam,
        querystring: { type: 'object', additionalProperties: false, properties: AsOfProperties },
      },
    },
    async (request) => {
      const fy = fiscalYearOf(request.params.fy);
      const moment = momentOf(request.query);
      if (moment) {
        const [kpis, roadmap, state] = await Promise.all([
          cycleAsOf(models, store, fy, moment),
          roadmapAsOf(store, fy, moment),
          cycleStateAt(store, fy, moment),
        ]);
        const principal = request.principal!;
        const resolvedPosition = Math.max(kpis.resolvedPosition, ...roadmap.map((r) => r.position));
        return {
          cycle: request.params.fy,
          state,
          ministries: coverageAsOf(kpis, roadmap, fy, state).filter(
            (m) => principal.role !== 'submitter' || m.ministry === principal.ministry,
          ),
          position: resolvedPosition,
          asOf: { ...request.query, resolvedPosition },
        };
      }
      const ministries = await models.rows(
        sql`SELECT * FROM ${models.cycles('coverage')}
            WHERE cycle = ${fy} AND ${ministryScope(request, 'ministry')} ORDER BY ministry`,
      );
      return { cycle: request.params.fy, state: await cycleState(fy), ministries, ...(await models.position()) };
    },
  );
}
