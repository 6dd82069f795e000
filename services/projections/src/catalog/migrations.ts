import { sql, type Kysely, type Migration } from 'kysely';

/** Forward-only; frozen once landed. */
export const catalogMigrations = (schema: string): Record<string, Migration> => {
  const t = (name: string) => sql.id(schema, name);
  return {
    '2026-11-22T11-00-00_entries': {
      async up(db: Kysely<unknown>) {
        await sql`
          CREATE TABLE ${t('entries')} (
            id text PRIMARY KEY,
            kind text NOT NULL,
            definition jsonb,
            target jsonb,
            baseline jsonb,
            owner jsonb,
            revisions integer NOT NULL,
            updated_at timestamptz NOT NULL,
            position bigint NOT NULL
          )`.execute(db);
        await sql`CREATE INDEX ON ${t('entries')} (kind)`.execute(db);
        // The KPI's place in the logic model: impact and outcome KPIs hang off those directly; output
        // KPIs off an output unit, whose area belongs to an outcome.
        await sql`
          CREATE VIEW ${t('kpis')} AS
          SELECT k.id, k.definition->>'name' AS name, k.definition->>'level' AS level,
                 k.definition->>'parent' AS parent,
                 CASE k.definition->>'level'
                   WHEN 'outcome' THEN k.definition->>'parent'
                   WHEN 'output' THEN area.definition->>'outcome'
                 END AS outcome_id,
                 CASE k.definition->>'level'
                   WHEN 'impact' THEN k.definition->>'parent'
                   ELSE coalesce(o.definition->>'impact', ao.definition->>'impact')
                 END AS impact_id,
                 k.target->'form'->>'kind' AS target_form,
                 k.target, k.baseline, k.owner,
                 CASE WHEN k.owner->>'provenance' = 'unassigned' THEN NULL ELSE k.owner->>'ministry' END
                   AS owner_ministry,
                 k.definition, k.revisions, k.updated_at, k.position
          FROM ${t('entries')} k
          LEFT JOIN ${t('entries')} o ON o.id = k.definition->>'parent' AND o.kind = 'outcome'
          LEFT JOIN ${t('entries')} unit ON unit.id = k.definition->>'parent' AND unit.kind = 'output_unit'
          LEFT JOIN ${t('entries')} area ON area.id = unit.definition->>'area' AND area.kind = 'area'
          LEFT JOIN ${t('entries')} ao ON ao.id = area.definition->>'outcome' AND ao.kind = 'outcome'
          WHERE k.kind = 'kpi'`.execute(db);
        await sql`
          CREATE VIEW ${t('roadmap_items')} AS
          SELECT r.id, r.definition->>'kind' AS row_kind, coalesce(r.definition->>'name', r.definition->'cells'->>0) AS name,
                 r.definition->>'project' AS project_id, r.definition->>'outputUnit' AS output_unit_id,
                 r.definition->'milestones' AS milestones, r.owner,
                 CASE WHEN r.owner->>'provenance' = 'unassigned' THEN NULL ELSE r.owner->>'ministry' END
                   AS owner_ministry,
                 r.definition, r.revisions, r.updated_at, r.position
          FROM ${t('entries')} r WHERE r.kind = 'roadmap_item'`.execute(db);
        const views: Record<string, string> = {
          strategy_version: 'strategy_versions',
          ministry: 'ministries',
          impact: 'impacts',
          outcome: 'outcomes',
          area: 'areas',
          sub_area: 'sub_areas',
          measure: 'measures',
          output_unit: 'output_units',
        };
        for (const [kind, view] of Object.entries(views))
          await sql`
            CREATE VIEW ${t(view)} AS
            SELECT id, definition, revisions, updated_at, position FROM ${t('entries')} WHERE kind = ${sql.lit(kind)}`.execute(
            db,
          );
      },
    },
  };
};
