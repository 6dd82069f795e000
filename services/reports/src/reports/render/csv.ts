import { stringify } from 'csv-stringify/sync';
import type { FollowUpReport } from '../reportModel.js';
import { headlineKpis, KPI_HEADER, kpiCells, type Cell } from './kpiTable.js';

const LEVELS: Readonly<Record<string, string>> = {
  impact: 'インパクト',
  outcome: 'アウトカム',
  output: 'アウトプット',
};

/** Every KPI of the cycle, one row each, as Excel opens it: UTF-8 with a byte-order mark, CRLF. */
export function renderCsv(report: FollowUpReport): Buffer {
  const rows: Cell[][] = [
    ...headlineKpis(report),
    ...report.outputUnits.flatMap((u) => u.kpis.map((k): [string, typeof k] => [u.area ?? u.id, k])),
  ].map(([group, kpi]) => [LEVELS[kpi.level] ?? kpi.level, group, ...kpiCells(kpi)]);
  const text = stringify(rows, {
    header: true,
    columns: ['区分', 'インパクト・アウトカム・分野', ...KPI_HEADER],
    record_delimiter: '\r\n',
    cast: { number: (value) => String(value) },
  });
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}
