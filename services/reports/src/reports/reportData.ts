import { CATEGORY_LABELS, fiscalYearBounds, fiscalYearLabel, type Category } from '@pdca/domain';
import { sql, type Kysely } from 'kysely';
import type { ReadModels } from '../readModels/readModels.js';
import type { FollowUpReport, KpiLine } from './reportModel.js';

interface KpiRow {
  kpi_id: string;
  name: string | null;
  level: string | null;
  parent: string | null;
  owner_ministry: string | null;
  outcome_id: string | null;
  impact_id: string | null;
  period: string;
  value: number | null;
  status: string | null;
  category: Category;
  ratio: number | null;
  reason: string | null;
  method: string | null;
  explanation: string | null;
  series: Record<string, { period: string; value: number; status: string }[]>;
  target: {
    raw?: string;
    due?: { year?: number; basis?: string };
    form?: { kind?: string; quantity?: { value?: number }; percent?: number };
  } | null;
  baseline: { value?: number; at?: { year?: number; basis?: string } } | Record<string, unknown> | null;
}

const STATUS_LABELS: Readonly<Record<string, string>> = { preliminary: '速報', final: '確報' };
const MILESTONE_LABELS: Readonly<Record<string, string>> = {
  not_started: '未着手',
  in_progress: '実施中',
  completed: '完了',
  delayed: '遅延',
  cancelled: '中止',
};
const NOT_ASSESSABLE: Readonly<Record<string, string>> = {
  no_actuals: '実績が未報告のため評価できない',
  target_pending: '目標値が未設定（今後実施予定の調査の結果を踏まえて設定）',
  baseline_missing: '基準値が未設定のため進捗を測れない',
  benchmark_missing: '比較対象（東京圏等）の実績がないため評価できない',
  single_data_point: '基準時点より後の実績がまだない',
};

/** Why the KPI got its category, in the report's language; the engine's English stays in `explanation`. */
function reasonInJapanese(r: KpiRow): string {
  if (r.category === 'not_assessable') return NOT_ASSESSABLE[r.reason ?? ''] ?? '評価できない';
  if (r.category === 'achieved') return '目標値に到達している';
  if (r.ratio === null || !Number.isFinite(r.ratio))
    return r.category === 'deteriorated' ? '基準時点より悪化している' : CATEGORY_LABELS[r.category];
  const method = r.method === 'cagr' ? '年平均成長率による' : '線形の';
  return `${method}進捗率 ${r.ratio.toFixed(3)}（1.0 で予定どおり。0.95以上 順調、0.6以上 概ね順調、0以上 遅れ、0未満 悪化）`;
}

const timeLabel = (time?: { year?: number; basis?: string }) =>
  time?.year === undefined ? null : `${time.year}${time.basis === 'calendar_year' ? '年' : '年度'}`;

/**
 * Everything the follow-up report of one cycle shows, read from the read models in one repeatable-read
 * snapshot, so the figures and the position they are stated at belong together. Sorted throughout, and
 * with no clock inside: `generatedAt` comes in, so the same snapshot always gives the same report.
 */
export async function loadReportData(
  models: ReadModels,
  fiscalYear: number,
  generatedAt: string,
  sealAt?: SealAt,
): Promise<FollowUpReport> {
  return models.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute((trx) => readReportData(models, trx, fiscalYear, generatedAt, sealAt));
}

/** The hash-chain head at a position (the seal of the last event at or below it), once sealed. */
export type SealAt = (position: number) => Promise<{ position: number; chain: string } | null>;

/**
 * The report's data as `db` sees the read models: a snapshot transaction over the live ones, or the
 * transaction that holds read models replayed up to a past moment. The seal is the chain head at the
 * furthest position either read model had applied.
 */
export async function readReportData(
  models: ReadModels,
  db: Kysely<unknown>,
  fiscalYear: number,
  generatedAt: string,
  sealAt: SealAt = () => Promise.resolve(null),
): Promise<FollowUpReport> {
  const report = await read(models, db, fiscalYear, generatedAt);
  const { position, catalogPosition } = report.dataAsOf;
  const furthest = Math.max(position ?? -1, catalogPosition ?? -1);
  const seal = furthest < 0 ? null : await sealAt(furthest);
  return { ...report, dataAsOf: { ...report.dataAsOf, seal } };
}

async function read(models: ReadModels, db: Kysely<unknown>, fy: number, generatedAt: string): Promise<FollowUpReport> {
  const rows = <T>(query: Parameters<ReadModels['rows']>[0]) => models.rows<T>(query, db);
  const { position, asOf } = await models.position(db);
  const catalogPosition = await models.catalogPosition(db);
  const [state] = await rows<{ status: string; since: Date; by: string; reason: string | null }>(
    sql`SELECT status, since, by, reason FROM ${models.cycles('cycles')} WHERE fiscal_year = ${fy}`,
  );
  const [version] = await rows<{ id: string; title: string; label: string }>(
    sql`SELECT id, definition->>'title' AS title, definition->>'decidedLabel' AS label
        FROM ${models.catalog('strategy_versions')} ORDER BY definition->>'decided' DESC, id LIMIT 1`,
  );
  const titles = new Map(
    (
      await rows<{ id: string; title: string; letter: string | null; impact: string | null }>(
        sql`SELECT id, definition->>'title' AS title, definition->>'letter' AS letter, definition->>'impact' AS impact
            FROM ${models.catalog('entries')} WHERE kind IN ('impact', 'outcome', 'area')`,
      )
    ).map((r) => [r.id, r]),
  );
  const ministries = new Map(
    (
      await rows<{ id: string; name: string }>(
        sql`SELECT id, definition->>'name' AS name FROM ${models.catalog('ministries')}`,
      )
    ).map((r) => [r.id, r.name]),
  );
  const kpiRows = await rows<KpiRow>(
    sql`SELECT kc.kpi_id, kc.name, kc.level, kc.parent, kc.owner_ministry, l.outcome_id, l.impact_id, kc.period,
               kc.value, kc.status, kc.category, kc.ratio, kc.reason, kc.method, kc.explanation, kc.series, k.target, k.baseline
        FROM ${models.cycles('kpi_cycles')} kc
        JOIN ${models.cycles('kpi_lineage')} l USING (kpi_id) JOIN ${models.cycles('kpis')} k USING (kpi_id)
        WHERE kc.cycle = ${fy} ORDER BY kc.kpi_id`,
  );
  const line = (r: KpiRow): KpiLine => {
    const baseline = r.baseline && typeof r.baseline.value === 'number' ? r.baseline : null;
    return {
      id: r.kpi_id,
      name: r.name ?? r.kpi_id,
      level: r.level ?? 'output',
      ministry: r.owner_ministry,
      ministryName: r.owner_ministry ? (ministries.get(r.owner_ministry) ?? r.owner_ministry) : null,
      baseline: baseline
        ? {
            value: baseline.value as number,
            at: timeLabel(baseline.at as { year?: number; basis?: string }),
          }
        : null,
      target: r.target?.raw ?? null,
      targetYear: r.target?.due?.year ?? null,
      targetValue: r.target?.form?.quantity?.value ?? r.target?.form?.percent ?? null,
      period: r.period,
      latest:
        r.value === null
          ? null
          : {
              period: r.period,
              value: r.value,
              status: r.status ?? 'preliminary',
              statusLabel: STATUS_LABELS[r.status ?? ''] ?? '',
            },
      series: Object.fromEntries(Object.entries(r.series).sort(([a], [b]) => a.localeCompare(b))),
      ratio: r.ratio === null || !Number.isFinite(r.ratio) ? null : Math.round(r.ratio * 1000) / 1000,
      category: r.category,
      categoryLabel: CATEGORY_LABELS[r.category],
      reason: reasonInJapanese(r),
      explanation: r.explanation,
    };
  };
  const summaryRows = await rows<{ group_kind: string; group_id: string; category: Category; kpis: number }>(
    sql`SELECT group_kind, group_id, category, kpis FROM ${models.cycles('summary')} WHERE cycle = ${fy}
        ORDER BY group_kind, group_id, category`,
  );
  const counts = (kind: string, id: string) =>
    Object.fromEntries(
      (Object.keys(CATEGORY_LABELS) as Category[]).map((c) => [
        c,
        summaryRows.find((r) => r.group_kind === kind && r.group_id === id && r.category === c)?.kpis ?? 0,
      ]),
    ) as Record<Category, number>;
  const impactIds = [...titles.values()]
    .filter((e) => e.id.startsWith('impact-'))
    .map((e) => e.id)
    .sort();
  const outcomeIds = [...titles.values()]
    .filter((e) => e.id.startsWith('outcome-'))
    .map((e) => e.id)
    .sort();

  const units = await rows<{ id: string; area: string | null; measures: string[] | null }>(
    sql`SELECT id, definition->>'area' AS area, definition->'measures' AS measures
        FROM ${models.catalog('output_units')} ORDER BY id`,
  );
  const measures = new Map(
    (
      await rows<{ id: string; title: string; projects: { name: string; reference?: boolean }[] | null }>(
        sql`SELECT id, definition->>'title' AS title, definition->'projects' AS projects
            FROM ${models.catalog('measures')}`,
      )
    ).map((m) => [m.id, m]),
  );
  const roadmap = await rows<{
    item_id: string;
    name: string | null;
    owner_ministry: string | null;
    planned: { text: string }[];
    status: string | null;
    reported_at: Date | null;
  }>(
    sql`SELECT item_id, name, owner_ministry, planned, status, reported_at
        FROM ${models.cycles('roadmap_status')} WHERE cycle = ${fy} AND (has_plan OR status IS NOT NULL)
        ORDER BY item_id`,
  );
  const coverage = await rows<{
    ministry: string;
    kpis_due: number;
    kpis_submitted: number;
    kpis_missing: string[];
    items_due: number;
    items_submitted: number;
    items_missing: string[];
  }>(sql`SELECT * FROM ${models.cycles('coverage')} WHERE cycle = ${fy} ORDER BY ministry`);
  const corrections = await rows<{
    kpi_id: string;
    name: string | null;
    period: string;
    event_type: string;
    value: number | null;
    reason: string | null;
    actor_name: string | null;
    ministry: string | null;
    on_behalf_of: string | null;
    recorded_at: Date;
    position: string;
  }>(
    sql`SELECT r.kpi_id, k.name, r.period, r.event_type, r.value, r.reason, r.actor_name, r.ministry, r.on_behalf_of,
               r.recorded_at, r.position
        FROM ${models.cycles('reports')} r LEFT JOIN ${models.cycles('kpis')} k USING (kpi_id)
        WHERE r.event_type IN ('KpiActualCorrected', 'KpiActualRetracted')
          AND substring(r.period FROM 3)::int = ${fy}
        ORDER BY r.position`,
  );

  const lines = kpiRows.map(line);
  return {
    schemaVersion: 1,
    title: '年次フォローアップ',
    strategyVersion: version ? { id: version.id, title: version.title, label: version.label } : null,
    cycle: {
      code: `FY${fy}`,
      fiscalYear: fy,
      label: fiscalYearLabel(fy),
      status: state?.status ?? 'not_opened',
      since: state?.since ? state.since.toISOString() : null,
      reason: state?.reason ?? null,
    },
    generatedAt,
    dataAsOf: { position, time: asOf, catalogPosition, seal: null },
    categories: CATEGORY_LABELS,
    summary: {
      impacts: impactIds.map((id) => ({ id, title: titles.get(id)?.title ?? id, counts: counts('impact', id) })),
      outcomes: outcomeIds.map((id) => ({
        id,
        letter: titles.get(id)?.letter ?? '',
        title: titles.get(id)?.title ?? id,
        counts: counts('outcome', id),
      })),
    },
    impacts: impactIds.map((id) => ({
      id,
      title: titles.get(id)?.title ?? id,
      kpis: lines.filter((k) => k.level === 'impact' && kpiRows.find((r) => r.kpi_id === k.id)?.impact_id === id),
    })),
    outcomes: outcomeIds.map((id) => ({
      id,
      letter: titles.get(id)?.letter ?? '',
      title: titles.get(id)?.title ?? id,
      kpis: lines.filter((k) => k.level === 'outcome' && kpiRows.find((r) => r.kpi_id === k.id)?.outcome_id === id),
    })),
    outputUnits: units
      .map((u) => ({
        id: u.id,
        area: u.area ? (titles.get(u.area)?.title ?? u.area) : null,
        measures: (u.measures ?? []).map((m) => ({
          id: m,
          title: measures.get(m)?.title ?? m,
          projects: (measures.get(m)?.projects ?? []).map((p) => p.name),
        })),
        kpis: lines.filter((k) => kpiRows.find((r) => r.kpi_id === k.id)?.parent === u.id),
      }))
      .filter((u) => u.kpis.length > 0 || u.measures.length > 0),
    roadmap: roadmap.map((r) => ({
      id: r.item_id,
      name: r.name ?? r.item_id,
      ministry: r.owner_ministry,
      planned: r.planned.map((m) => m.text),
      status: r.status,
      statusLabel: r.status ? (MILESTONE_LABELS[r.status] ?? r.status) : '未報告',
      // Judged at the recorded generation time, not today: a regenerated report says the same.
      overdue:
        r.planned.length > 0 &&
        fiscalYearBounds(fy).end.getTime() <= Date.parse(generatedAt) &&
        r.status !== 'completed' &&
        r.status !== 'cancelled',
    })),
    coverage: coverage.map((c) => ({
      ministry: c.ministry,
      ministryName: ministries.get(c.ministry) ?? c.ministry,
      kpisDue: c.kpis_due,
      kpisSubmitted: c.kpis_submitted,
      kpisMissing: c.kpis_missing,
      itemsDue: c.items_due,
      itemsSubmitted: c.items_submitted,
      itemsMissing: c.items_missing,
    })),
    corrections: corrections.map((c) => ({
      kpiId: c.kpi_id,
      kpiName: c.name ?? c.kpi_id,
      period: c.period,
      kind: c.event_type === 'KpiActualRetracted' ? 'retraction' : 'correction',
      kindLabel: c.event_type === 'KpiActualRetracted' ? '取消し' : '訂正',
      value: c.value,
      reason: c.reason ?? '',
      by: c.actor_name,
      ministry: c.ministry,
      onBehalfOf: c.on_behalf_of,
      at: c.recorded_at.toISOString(),
      position: Number(c.position),
    })),
  };
}
