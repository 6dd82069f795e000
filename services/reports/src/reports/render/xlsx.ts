import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { FollowUpReport } from '../reportModel.js';
import { headlineKpis, KPI_HEADER, kpiCells, type Cell } from './kpiTable.js';

/** One sheet per section, with real number cells, a frozen header row and filters. */
export async function renderXlsx(report: FollowUpReport): Promise<Buffer> {
  const generated = new Date(report.generatedAt);
  const book = new ExcelJS.Workbook();
  book.creator = 'pdca-ledger';
  book.created = generated;
  book.modified = generated;

  const sheet = (name: string, header: string[], rows: Cell[][], widths: number[]) => {
    const ws = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = header.map((h, i) => ({ header: h, width: widths[i] ?? 14 }));
    ws.getRow(1).font = { bold: true };
    for (const row of rows) ws.addRow(row);
    if (rows.length > 0)
      ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: rows.length + 1, column: header.length } };
    return ws;
  };

  const cover = book.addWorksheet('表紙');
  cover.columns = [{ width: 22 }, { width: 60 }];
  for (const [label, value] of [
    [report.title, report.cycle.label],
    ['戦略', report.strategyVersion ? `${report.strategyVersion.title}（${report.strategyVersion.label ?? ''}）` : ''],
    ['対象年度', report.cycle.label],
    ['サイクルの状態', report.cycle.status],
    ['作成日時', report.generatedAt],
    ['データ時点（位置）', report.dataAsOf.position],
    ['データ時点（時刻）', report.dataAsOf.time],
    ['ハッシュチェーン（位置）', report.dataAsOf.seal?.position ?? null],
    ['ハッシュチェーン（値）', report.dataAsOf.seal?.chain ?? null],
  ] as [string, Cell][])
    cover.addRow([label, value]);

  const categories = Object.keys(report.categories);
  sheet(
    '概要',
    ['区分', 'ID', '名称', ...categories.map((c) => report.categories[c] ?? c)],
    [
      ...report.summary.impacts.map((g) => ['インパクト', g.id, g.title, ...categories.map((c) => g.counts[c] ?? 0)]),
      ...report.summary.outcomes.map((g) => [
        'アウトカム',
        g.letter,
        g.title,
        ...categories.map((c) => g.counts[c] ?? 0),
      ]),
    ],
    [12, 12, 40],
  );

  sheet(
    'KPI',
    ['区分', ...KPI_HEADER],
    headlineKpis(report).map(([group, k]) => [group, ...kpiCells(k)]),
    [18, 20, 40, 14],
  );
  sheet(
    'アウトプットKPI',
    ['出力単位', '分野', '施策', '主な事業', ...KPI_HEADER],
    report.outputUnits.flatMap((u) =>
      (u.kpis.length > 0 ? u.kpis : [null]).map((k) => [
        u.id,
        u.area,
        u.measures.map((m) => m.title).join('\n'),
        u.measures.flatMap((m) => m.projects).join('\n'),
        ...(k ? kpiCells(k) : []),
      ]),
    ),
    [12, 24, 40, 40, 20, 40],
  );
  sheet(
    '工程表',
    ['ID', '事業・取組', '所管', '今年度の予定', '報告された状況', '期限超過'],
    report.roadmap.map((r) => [r.id, r.name, r.ministry, r.planned.join('\n'), r.statusLabel, r.overdue ? '超過' : '']),
    [18, 50, 10, 50, 14, 10],
  );
  sheet(
    '提出状況',
    [
      '府省庁',
      '名称',
      'KPI（対象）',
      'KPI（提出済）',
      '未提出KPI',
      '工程表（対象）',
      '工程表（報告済）',
      '未報告の工程表',
    ],
    report.coverage.map((c) => [
      c.ministry,
      c.ministryName,
      c.kpisDue,
      c.kpisSubmitted,
      c.kpisMissing.join('\n'),
      c.itemsDue,
      c.itemsSubmitted,
      c.itemsMissing.join('\n'),
    ]),
    [10, 24, 12, 12, 30, 14, 14, 30],
  );
  sheet(
    '訂正履歴',
    ['日時', 'KPI ID', 'KPI名', '期間', '種別', '訂正後の値', '理由', '報告者', '府省庁', '代理'],
    report.corrections.map((c) => [
      c.at,
      c.kpiId,
      c.kpiName,
      c.period,
      c.kindLabel,
      c.value,
      c.reason,
      c.by,
      c.ministry,
      c.onBehalfOf,
    ]),
    [24, 20, 40, 10, 8, 12, 40, 20, 10, 10],
  );
  return deterministicZip(Buffer.from(await book.xlsx.writeBuffer()), generated);
}

/**
 * exceljs stamps every zip entry with the current time; re-packing with the report's own time makes the
 * same report the same bytes.
 */
async function deterministicZip(xlsx: Buffer, date: Date): Promise<Buffer> {
  const source = await JSZip.loadAsync(xlsx);
  const target = new JSZip();
  for (const name of Object.keys(source.files).sort()) {
    const entry = source.files[name]!;
    if (entry.dir) continue;
    target.file(name, await entry.async('uint8array'), { date, createFolders: false });
  }
  return target.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}
