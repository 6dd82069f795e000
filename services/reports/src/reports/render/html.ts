import type { FollowUpReport, KpiLine } from '../reportModel.js';
import { kpiChart } from './chart.js';

const escape = (value: string | number | null | undefined): string =>
  String(value ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
const num = (value: number | null | undefined) =>
  value === null || value === undefined ? '—' : value.toLocaleString('ja-JP');

const STYLE = `
@page { size: A4; margin: 16mm 14mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Yu Gothic", sans-serif; color: #1a1a1a; font-size: 10.5pt; line-height: 1.55; margin: 0 auto; max-width: 190mm; }
h1 { font-size: 20pt; margin: 0 0 4mm; } h2 { font-size: 14pt; border-bottom: 2px solid #1d4e89; padding-bottom: 1mm; margin-top: 8mm; break-after: avoid; }
h3 { font-size: 11.5pt; margin: 5mm 0 2mm; break-after: avoid; }
.cover { min-height: 240mm; display: flex; flex-direction: column; justify-content: center; break-after: page; }
.cover dl { display: grid; grid-template-columns: 38mm 1fr; gap: 1.5mm 4mm; }
.cover dt { color: #555; } .cover dd { margin: 0; }
.cover code.chain { font-size: 8pt; word-break: break-all; }
table { width: 100%; border-collapse: collapse; margin: 2mm 0 4mm; font-size: 9pt; }
th, td { border: 1px solid #b8c2cc; padding: 1mm 1.5mm; vertical-align: top; text-align: left; }
th { background: #e8eef5; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
tr { break-inside: avoid; }
.kpi { break-inside: avoid; border: 1px solid #d5dbe1; border-radius: 2mm; padding: 2mm 3mm; margin: 3mm 0; }
.kpi header { display: flex; justify-content: space-between; gap: 4mm; }
.badge { border-radius: 1mm; padding: 0 2mm; white-space: nowrap; font-weight: bold; }
.achieved { background: #d8f0dc; } .on_track { background: #e1f0fa; } .moderate { background: #fff3cd; }
.behind { background: #fde2cc; } .deteriorated { background: #f8d0d0; } .not_assessable { background: #e9e9e9; }
.chart .axis { stroke: #777; } .chart .tick, .chart .none { font-size: 9px; fill: #555; }
.chart .series { fill: none; stroke: #1d4e89; stroke-width: 2; } .chart .final { fill: #1d4e89; }
.chart .preliminary { fill: #fff; stroke: #1d4e89; stroke-width: 1.5; } .chart .target { stroke: #c0392b; stroke-dasharray: 4 3; }
.chart .target-label { font-size: 9px; fill: #c0392b; } .chart .baseline { fill: #999; }
.muted { color: #666; } .overdue { color: #b00020; font-weight: bold; }
`;

function kpiBlock(k: KpiLine): string {
  return `<section class="kpi" id="${escape(k.id)}">
<header><div><strong>${escape(k.name)}</strong> <span class="muted">${escape(k.id)}・${escape(k.ministryName ?? '所管未定')}</span></div>
<span class="badge ${escape(k.category)}">${escape(k.categoryLabel)}</span></header>
<table><tr><th>基準値</th><th>目標</th><th>実績（${escape(k.period)}）</th><th>進捗率</th></tr>
<tr><td>${k.baseline ? `${num(k.baseline.value)}（${escape(k.baseline.at)}）` : '—'}</td><td>${escape(k.target ?? '—')}</td>
<td>${k.latest ? `${num(k.latest.value)}（${escape(k.latest.statusLabel)}）` : '未報告'}</td><td class="n">${k.ratio === null ? '—' : k.ratio.toFixed(3)}</td></tr></table>
${kpiChart(k)}
<p class="muted">評価の理由: ${escape(k.reason ?? '')}</p>
</section>`;
}

/** One self-contained, printable HTML file: no scripts, no external assets, a chart per KPI. */
export function renderHtml(report: FollowUpReport): Buffer {
  const categories = Object.keys(report.categories);
  const summaryRows = [
    ...report.summary.impacts.map((g) => [`インパクト`, g.title, g.counts] as const),
    ...report.summary.outcomes.map((g) => [`アウトカム${g.letter}`, g.title, g.counts] as const),
  ]
    .map(
      ([kind, title, counts]) =>
        `<tr><td>${escape(kind)}</td><td>${escape(title)}</td>${categories.map((c) => `<td class="n">${counts[c] ?? 0}</td>`).join('')}</tr>`,
    )
    .join('\n');
  const html = `<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
<title>${escape(report.title)} ${escape(report.cycle.label)}</title>
<style>${STYLE}</style>
</head>
<body>
<section class="cover">
<h1>${escape(report.title)}<br>${escape(report.cycle.label)}</h1>
<dl>
<dt>戦略</dt><dd>${escape(report.strategyVersion?.title ?? '')}${report.strategyVersion?.label ? `（${escape(report.strategyVersion.label)}）` : ''}</dd>
<dt>対象年度</dt><dd>${escape(report.cycle.label)}</dd>
<dt>作成日時</dt><dd>${escape(report.generatedAt)}</dd>
<dt>データ時点</dt><dd>位置 ${escape(report.dataAsOf.position ?? '—')}（${escape(report.dataAsOf.time ?? '—')}）</dd>
<dt>ハッシュチェーン</dt><dd>${report.dataAsOf.seal ? `位置 ${escape(report.dataAsOf.seal.position)}：<code class="chain">${escape(report.dataAsOf.seal.chain)}</code>` : '—'}</dd>
</dl>
</section>
<h2>1. 評価の概要</h2>
<table><tr><th>区分</th><th>名称</th>${categories.map((c) => `<th>${escape(report.categories[c])}</th>`).join('')}</tr>
${summaryRows}</table>
<h2>2. インパクトKPI</h2>
${report.impacts.map((g) => `<h3>${escape(g.title)}</h3>${g.kpis.map(kpiBlock).join('\n')}`).join('\n')}
<h2>3. アウトカムKPI</h2>
${report.outcomes.map((g) => `<h3>${escape(g.letter)}. ${escape(g.title)}</h3>${g.kpis.map(kpiBlock).join('\n')}`).join('\n')}
<h2>4. アウトプットKPI（施策・主な事業）</h2>
${report.outputUnits
  .filter((u) => u.kpis.length > 0)
  .map(
    (u) => `<h3>${escape(u.area ?? '')}（${escape(u.id)}）</h3>
<table><tr><th>施策</th><th>主な事業</th></tr>${u.measures
      .map((m) => `<tr><td>${escape(m.title)}</td><td>${m.projects.map(escape).join('<br>')}</td></tr>`)
      .join('')}</table>
${u.kpis.map(kpiBlock).join('\n')}`,
  )
  .join('\n')}
<h2>5. 工程表</h2>
<table><tr><th>事業・取組</th><th>所管</th><th>今年度の予定</th><th>状況</th></tr>
${report.roadmap
  .map(
    (r) =>
      `<tr><td>${escape(r.name)}</td><td>${escape(r.ministry ?? '')}</td><td>${r.planned.map(escape).join('<br>')}</td><td${r.overdue ? ' class="overdue"' : ''}>${escape(r.statusLabel)}${r.overdue ? '（期限超過）' : ''}</td></tr>`,
  )
  .join('\n')}</table>
<h2>6. 府省庁別の提出状況</h2>
<table><tr><th>府省庁</th><th>KPI 提出/対象</th><th>未提出のKPI</th><th>工程表 報告/対象</th></tr>
${report.coverage
  .map(
    (c) =>
      `<tr><td>${escape(c.ministryName)}</td><td class="n">${c.kpisSubmitted} / ${c.kpisDue}</td><td>${c.kpisMissing.map(escape).join('<br>')}</td><td class="n">${c.itemsSubmitted} / ${c.itemsDue}</td></tr>`,
  )
  .join('\n')}</table>
<h2>7. 訂正・取消しの履歴</h2>
<table><tr><th>日時</th><th>KPI</th><th>期間</th><th>種別</th><th>値</th><th>理由</th><th>報告者</th></tr>
${report.corrections
  .map(
    (c) =>
      `<tr><td>${escape(c.at)}</td><td>${escape(c.kpiName)}</td><td>${escape(c.period)}</td><td>${escape(c.kindLabel)}</td><td class="n">${num(c.value)}</td><td>${escape(c.reason)}</td><td>${escape(c.by ?? '')}${c.onBehalfOf ? `（${escape(c.onBehalfOf)}の代理）` : ''}</td></tr>`,
  )
  .join('\n')}</table>
</body>
</html>
`;
  return Buffer.from(html, 'utf8');
}
