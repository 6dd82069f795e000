import type { Generated } from 'kysely';

/** The tables of the `cycles` read model (views: roadmap_cycles, roadmap_status, coverage, kpi_lineage, summary). */
export interface CyclesDb {
  kpis: {
    kpi_id: string;
    name: string | null;
    level: string | null;
    parent: string | null;
    owner_ministry: string | null;
    period_basis: string | null;
    years_from: number | null;
    years_to: number | null;
    target_form: string | null;
    definition: unknown;
    target: unknown;
    baseline: unknown;
    owner: unknown;
    position: number | string;
  };
  lineage: { id: string; kind: string; parent: string | null };
  reports: {
    position: number | string;
    event_id: string;
    kpi_id: string;
    period: string;
    component: string;
    event_type: string;
    value: number | null;
    status: string | null;
    retracted: boolean;
    reason: string | null;
    source: string | null;
    note: string | null;
    actor: string | null;
    actor_name: string | null;
    role: string | null;
    ministry: string | null;
    on_behalf_of: string | null;
    recorded_at: Date;
  };
  roadmap_items: {
    item_id: string;
    name: string | null;
    row_kind: string | null;
    project_id: string | null;
    output_unit_id: string | null;
    owner_ministry: string | null;
    milestones: unknown;
    definition: unknown;
    owner: unknown;
    position: number | string;
  };
  milestones: {
    item_id: string;
    fiscal_year: number;
    status: string;
    previous_status: string | null;
    note: string | null;
    evidence_url: string | null;
    reported_by: string | null;
    reporter_ministry: string | null;
    on_behalf_of: string | null;
    reported_at: Date;
    reports: Generated<number>;
    position: number | string;
  };
}
