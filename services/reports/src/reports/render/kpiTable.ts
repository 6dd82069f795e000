import type { FollowUpReport, KpiLine } from '../reportModel.js';

export type Cell = string | number | null;

/** The KPI table both spreadsheets print: one header, one row per KPI after its group's name. */
export const KPI_HEADER = [
  'KPI ID',
  'KPI名',
  '所管',
  '基準値',
  '基準時点',
  '目標',
  '目標年',
  '対象期間',
  '実績値',
  '速報・確報',
  '進捗率',
  '評価',
  '評価の理由',
] as const;

export const kpiCells = (k: KpiLine): Cell[] => [
  k.id,
  k.name,
  k.ministryName,
  k.baseline?.value ?? null,
  k.baseline?.at ?? null,
  k.target,
  k.targetYear,
  k.period,
  k.latest?.value ?? null,
  k.latest?.statusLabel ?? null,
  k.ratio,
  k.categoryLabel,
  k.reason,
];

/** Impact and outcome KPIs with the name of their impact or outcome. */
export const headlineKpis = (report: FollowUpReport): [group: string, kpi: KpiLine][] => [
  ...report.impacts.flatMap((g) => g.kpis.map((k): [string, KpiLine] => [g.title, k])),
  ...report.outcomes.flatMap((g) => g.kpis.map((k): [string, KpiLine] => [`${g.letter} ${g.title}`, k])),
];
