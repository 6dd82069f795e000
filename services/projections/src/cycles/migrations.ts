import { PLAN_END_FISCAL_YEAR, PLAN_FIRST_FISCAL_YEAR } from '@pdca/domain';
import { sql, type Kysely, type Migration } from 'kysely';

/** Forward-only; frozen once landed. */
export const cyclesMigrations = (schema: string): Record<string, Migration> => {
  const t = (name: string) => sql.id(schema, name);
  return {
    '2026-11-22T12-00-00_cycle_read_models': {
      async up(db: Kysely<unknown>) {
        const run = (query: ReturnType<typeof sql>) => query.execute(db);
        await run(sql`
          CREATE TABLE ${t('kpis')} (
            kpi_id text PRIMARY KEY,
            name text, level text, parent text, owner_ministry text,
            period_basis text, years_from integer, years_to integer, target_form text,
            definition jsonb, target jsonb, baseline jsonb, owner jsonb,
            position bigint NOT NULL
          )`);
        // Impacts, outcomes, areas and output units: where a KPI sits in the logic model.
        await run(sql`CREATE TABLE ${t('lineage')} (id text PRIMARY KEY, kind text NOT NULL, parent text)`);
        await run(sql`
          CREATE TABLE ${t('reports')} (
            position bigint PRIMARY KEY,
            event_id text NOT NULL,
            kpi_id text NOT NULL, period text NOT NULL, component text NOT NULL,
            event_type text NOT NULL, value double precision, status text, retracted boolean NOT NULL,
            reason text, source text, note text,
            actor text, actor_name text, role text, ministry text, on_behalf_of text,
            recorded_at timestamptz NOT NULL
          )`);
        await run(sql`CREATE INDEX ON ${t('reports')} (kpi_id, position)`);
        await run(sql`
          CREATE TABLE ${t('actuals')} (
            kpi_id text NOT NULL, period text NOT NULL, component text NOT NULL,
            value double precision, status text, retracted boolean NOT NULL,
            reported_by text, reporter_ministry text, on_behalf_of text, reported_at timestamptz NOT NULL,
            first_reported_at timestamptz NOT NULL, corrections integer NOT NULL, reports integer NOT NULL,
            position bigint NOT NULL,
            PRIMARY KEY (kpi_id, period, component)
          )`);
        await run(sql`
          CREATE TABLE ${t('kpi_cycles')} (
            cycle integer NOT NULL, kpi_id text NOT NULL,
            name text, level text, parent text, owner_ministry text,
            period text NOT NULL, due boolean NOT NULL, submitted boolean NOT NULL,
            value double precision, status text, reported_by text, reported_at timestamptz,
            corrections integer NOT NULL,
            category text NOT NULL, reason text, ratio double precision, method text, explanation text,
            latest jsonb, series jsonb NOT NULL, assessment jsonb NOT NULL,
            position bigint NOT NULL,
            PRIMARY KEY (cycle, kpi_id)
          )`);
        await run(sql`CREATE INDEX ON ${t('kpi_cycles')} (cycle, owner_ministry)`);
        await run(sql`
          CREATE TABLE ${t('roadmap_items')} (
            item_id text PRIMARY KEY, name text, row_kind text, project_id text, output_unit_id text,
            owner_ministry text, milestones jsonb NOT NULL, definition jsonb, owner jsonb, position bigint NOT NULL
          )`);
        await run(sql`
          CREATE TABLE ${t('milestones')} (
            item_id text NOT NULL, fiscal_year integer NOT NULL,
            status text NOT NULL, previous_status text, note text, evidence_url text,
            reported_by text, reporter_ministry text, on_behalf_of text, reported_at timestamptz NOT NULL,
            reports integer NOT NULL, position bigint NOT NULL,
            PRIMARY KEY (item_id, fiscal_year)
          )`);
        await run(sql`
          CREATE TABLE ${t('cycles')} (
            fiscal_year integer PRIMARY KEY, status text NOT NULL, since timestamptz NOT NULL,
            by text, reason text, position bigint NOT NULL
          )`);
        // Overdue depends on today, so it is computed when read, never stored: rebuilds stay identical.
        await run(sql`
          CREATE VIEW ${t('roadmap_cycles')} AS
          SELECT c.cycle, r.item_id, r.name, r.row_kind, r.project_id, r.output_unit_id, r.owner_ministry,
                 coalesce((SELECT jsonb_agg(m) FROM jsonb_array_elements(r.milestones) m
                           WHERE (m->>'fiscalYear')::int = c.cycle), '[]'::jsonb) AS planned,
                 ms.status, ms.previous_status, ms.note, ms.evidence_url, ms.reported_by, ms.reporter_ministry,
                 ms.reported_at, coalesce(ms.reports, 0) AS reports,
                 (date ((c.cycle + 1)::text || '-03-31')) AS fiscal_year_end
          FROM generate_series(${sql.lit(PLAN_FIRST_FISCAL_YEAR)}::int, ${sql.lit(PLAN_END_FISCAL_YEAR)}::int) AS c(cycle)
          CROSS JOIN ${t('roadmap_items')} r
          LEFT JOIN ${t('milestones')} ms ON ms.item_id = r.item_id AND ms.fiscal_year = c.cycle`);
        await run(sql`
          CREATE VIEW ${t('roadmap_status')} AS
          SELECT rc.*, jsonb_array_length(rc.planned) > 0 AS has_plan,
                 (jsonb_array_length(rc.planned) > 0
                  AND (now() AT TIME ZONE 'Asia/Tokyo')::date > rc.fiscal_year_end
                  AND coalesce(rc.status, '') NOT IN ('completed', 'cancelled')) AS overdue
          FROM ${t('roadmap_cycles')} rc`);
        await run(sql`
          CREATE VIEW ${t('coverage')} AS
          WITH kpi AS (
            SELECT cycle, owner_ministry AS ministry,
                   count(*) FILTER (WHERE due)::int AS kpis_due,
                   count(*) FILTER (WHERE due AND submitted)::int AS kpis_submitted,
                   coalesce(jsonb_agg(kpi_id ORDER BY kpi_id) FILTER (WHERE due AND NOT submitted), '[]') AS kpis_missing
            FROM ${t('kpi_cycles')} WHERE owner_ministry IS NOT NULL GROUP BY cycle, owner_ministry
          ), roadmap AS (
            SELECT cycle, owner_ministry AS ministry,
                   count(*) FILTER (WHERE has_plan)::int AS items_due,
                   count(*) FILTER (WHERE has_plan AND status IS NOT NULL)::int AS items_submitted,
                   coalesce(jsonb_agg(item_id ORDER BY item_id) FILTER (WHERE has_plan AND status IS NULL), '[]')
                     AS items_missing,
                   coalesce(jsonb_agg(item_id ORDER BY item_id) FILTER (WHERE overdue), '[]') AS items_overdue
            FROM ${t('roadmap_status')} WHERE owner_ministry IS NOT NULL GROUP BY cycle, owner_ministry
          )
          SELECT coalesce(k.cycle, r.cycle) AS cycle, coalesce(k.ministry, r.ministry) AS ministry,
                 coalesce(k.kpis_due, 0) AS kpis_due, coalesce(k.kpis_submitted, 0) AS kpis_submitted,
                 coalesce(k.kpis_missing, '[]') AS kpis_missing,
                 coalesce(r.items_due, 0) AS items_due, coalesce(r.items_submitted, 0) AS items_submitted,
                 coalesce(r.items_missing, '[]') AS items_missing, coalesce(r.items_overdue, '[]') AS items_overdue,
                 (cy.status = 'closed') AS cycle_closed,
                 CASE WHEN cy.status = 'closed' THEN coalesce(k.kpis_missing, '[]') ELSE '[]' END AS kpis_overdue
          FROM kpi k FULL JOIN roadmap r ON r.cycle = k.cycle AND r.ministry = k.ministry
          LEFT JOIN ${t('cycles')} cy ON cy.fiscal_year = coalesce(k.cycle, r.cycle)`);
        // Impact and outcome of every KPI: output KPIs reach their outcome through unit and area.
        await run(sql`
          CREATE VIEW ${t('kpi_lineage')} AS
          SELECT k.kpi_id,
                 CASE k.level WHEN 'outcome' THEN k.parent WHEN 'output' THEN area.parent END AS outcome_id,
                 CASE k.level WHEN 'impact' THEN k.parent
                      ELSE (SELECT o.parent FROM ${t('lineage')} o
                            WHERE o.id = CASE k.level WHEN 'outcome' THEN k.parent ELSE area.parent END) END AS impact_id
          FROM ${t('kpis')} k
          LEFT JOIN ${t('lineage')} unit ON unit.id = k.parent AND unit.kind = 'output_unit'
          LEFT JOIN ${t('lineage')} area ON area.id = unit.parent AND area.kind = 'area'`);
        await run(sql`
          CREATE VIEW ${t('summary')} AS
          SELECT kc.cycle, 'impact' AS group_kind, l.impact_id AS group_id, kc.category, count(*)::int AS kpis
          FROM ${t('kpi_cycles')} kc JOIN ${t('kpi_lineage')} l USING (kpi_id)
          WHERE l.impact_id IS NOT NULL GROUP BY kc.cycle, l.impact_id, kc.category
          UNION ALL
          SELECT kc.cycle, 'outcome', l.outcome_id, kc.category, count(*)::int
          FROM ${t('kpi_cycles')} kc JOIN ${t('kpi_lineage')} l USING (kpi_id)
          WHERE l.outcome_id IS NOT NULL GROUP BY kc.cycle, l.outcome_id, kc.category`);
      },
    },
  };
};
