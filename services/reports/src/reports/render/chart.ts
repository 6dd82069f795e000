import type { KpiLine } from '../reportModel.js';

const W = 360;
const H = 150;
const PAD = { left: 52, right: 16, top: 14, bottom: 28 };

const fmt = (n: number) =>
  Math.abs(n) >= 100 ? Math.round(n).toLocaleString('ja-JP') : String(Math.round(n * 100) / 100);

/**
 * The KPI's time series as an inline SVG: the counted value per year (速報 hollow, 確報 filled), the
 * target as a dashed line up to its year, the baseline as a grey point. Pure string building, so the same
 * data always draws the same chart.
 */
export function kpiChart(kpi: KpiLine): string {
  const series = kpi.series[''] ?? Object.values(kpi.series)[0] ?? [];
  const points = series.map((p) => ({ year: Number(p.period.slice(2)), value: p.value, final: p.status === 'final' }));
  const years = [
    ...points.map((p) => p.year),
    ...(kpi.targetYear ? [kpi.targetYear] : []),
    ...(kpi.baseline?.at ? [Number(/\d{4}/.exec(kpi.baseline.at)?.[0])] : []),
  ].filter(Number.isFinite);
  const values = [
    ...points.map((p) => p.value),
    ...(kpi.targetValue !== null ? [kpi.targetValue] : []),
    ...(kpi.baseline ? [kpi.baseline.value] : []),
  ];
  const label = `${kpi.name}の推移`;
  if (points.length === 0 || years.length === 0)
    return `<svg class="chart" role="img" aria-label="${label}（実績なし）" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}"><text x="${W / 2}" y="${H / 2}" text-anchor="middle" class="none">実績の報告なし</text></svg>`;
  const [minYear, maxYear] = [Math.min(...years), Math.max(...years)];
  let [low, high] = [Math.min(...values), Math.max(...values)];
  if (low === high) [low, high] = [low - 1, high + 1];
  const margin = (high - low) * 0.1;
  [low, high] = [low - margin, high + margin];
  const x = (year: number) =>
    PAD.left + (maxYear === minYear ? 0.5 : (year - minYear) / (maxYear - minYear)) * (W - PAD.left - PAD.right);
  const y = (value: number) => PAD.top + (1 - (value - low) / (high - low)) * (H - PAD.top - PAD.bottom);
  const parts: string[] = [
    `<line class="axis" x1="${PAD.left}" y1="${H - PAD.bottom}" x2="${W - PAD.right}" y2="${H - PAD.bottom}"/>`,
    `<line class="axis" x1="${PAD.left}" y1="${PAD.top}" x2="${PAD.left}" y2="${H - PAD.bottom}"/>`,
    `<text class="tick" x="${PAD.left - 4}" y="${y(high - margin) + 4}" text-anchor="end">${fmt(high - margin)}</text>`,
    `<text class="tick" x="${PAD.left - 4}" y="${y(low + margin) + 4}" text-anchor="end">${fmt(low + margin)}</text>`,
  ];
  for (let year = minYear; year <= maxYear; year++)
    if (maxYear - minYear <= 8 || year === minYear || year === maxYear || year % 2 === 0)
      parts.push(`<text class="tick" x="${x(year)}" y="${H - PAD.bottom + 14}" text-anchor="middle">${year}</text>`);
  if (kpi.targetValue !== null) {
    const end = kpi.targetYear ?? maxYear;
    parts.push(
      `<line class="target" x1="${PAD.left}" y1="${y(kpi.targetValue)}" x2="${x(end)}" y2="${y(kpi.targetValue)}"/>`,
      `<text class="target-label" x="${x(end)}" y="${y(kpi.targetValue) - 4}" text-anchor="end">目標 ${fmt(kpi.targetValue)}（${end}）</text>`,
    );
  }
  if (kpi.baseline && kpi.baseline.at) {
    const year = Number(/\d{4}/.exec(kpi.baseline.at)?.[0]);
    if (Number.isFinite(year))
      parts.push(
        `<circle class="baseline" cx="${x(year)}" cy="${y(kpi.baseline.value)}" r="4"><title>基準値 ${fmt(kpi.baseline.value)}（${kpi.baseline.at}）</title></circle>`,
      );
  }
  parts.push(`<polyline class="series" points="${points.map((p) => `${x(p.year)},${y(p.value)}`).join(' ')}"/>`);
  for (const p of points)
    parts.push(
      `<circle class="${p.final ? 'final' : 'preliminary'}" cx="${x(p.year)}" cy="${y(p.value)}" r="3.5"><title>${p.year}: ${fmt(p.value)}（${p.final ? '確報' : '速報'}）</title></circle>`,
    );
  return `<svg class="chart" role="img" aria-label="${label}" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}">${parts.join('')}</svg>`;
}
