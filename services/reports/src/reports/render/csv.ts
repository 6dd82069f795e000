import { stringify } from 'csv-stringify/sync';
import type { FollowUpReport, KpiLine } from '../reportModel.js';

const LEVELS: Readonly<Record<string, string>> = {
  impact: 'インパクト',
  outcome: 'アウトカム',
  output: 'アウトプット',
};

/** Every KPI of the cycle, one row each, as Excel opens it: UTF-8 with a byte-order mark, CRLF. */
export function renderCsv(report: FollowUpReport): Buffer {
  const rows: (string | number | null)[][] = [];
  const add = (group: string, kpi: KpiLine) =>
    rows.push([
      LEVELS[kpi.level] ?? kpi.level,
      group,
      kpi.id,
      kpi.name,
      kpi.ministryName,
      kpi.baseline?.value ?? null,
      kpi.baseline?.at ?? null,
      kpi.target,
      kpi.targetYear,
      kpi.period,
      kpi.latest?.value ?? null,
      kpi.latest?.statusLabel ?? null,
      kpi.ratio,
      kpi.categoryLabel,
      kpi.reason,
    ]);
  for (const impact of report.impacts) for (const kpi of impact.kpis) add(impact.title, kpi);
  for (const outcome of report.outcomes) for (const kpi of outcome.kpis) add(`${outcome.letter} ${outcome.title}`, kpi);
  for (const unit of report.outputUnits) for (const kpi of unit.kpis) add(unit.area ?? unit.id, kpi);
  const text = stringify(rows, {
    header: true,
    columns: [
      '区分',
      'インパクト・アウトカム・分野',
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
    ],
    record_delimiter: '\r\n',
    cast: { number: (value) => String(value) },
  });
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}
