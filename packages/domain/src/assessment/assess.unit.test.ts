import t from 'tap';
import type { ReportedActual } from './actuals.js';
import { assess, type AssessmentInput } from './assess.js';
import type { Category, NotAssessableReason } from './category.js';
import type { Quantity, Target, TargetForm, TargetTime } from './target.js';
import type { Period } from './timeAxis.js';

const cy = (year: number): TargetTime => ({ basis: 'calendar_year', year });
const fy = (year: number): TargetTime => ({ basis: 'fiscal_year', year });
const q = (value: number, unit: string, scale: Quantity['scale'] = 'one'): Quantity => ({ value, unit, scale });
const target = (form: TargetForm, due: TargetTime, polarity: Target['polarity'] = 'increase'): Target => ({
  form,
  due,
  polarity,
  raw: 'test',
});
let clock = Date.UTC(2026, 0, 1);
const r = (period: Period, value: number, extra: Partial<ReportedActual> = {}): ReportedActual => ({
  period,
  value,
  status: 'final',
  reportedAt: new Date((clock += 86_400_000)),
  ...extra,
});

interface Case {
  name: string;
  input: AssessmentInput;
  category: Category;
  reason?: NotAssessableReason;
  ratio?: number;
  latest?: { value: number; status?: 'preliminary' | 'final'; period?: Period };
}

const visitors = target({ kind: 'absolute', quantity: q(6000, '人', 'man'), comparator: 'eq' }, cy(2030));
const visitorsBaseline = { value: 3687, at: cy(2024) };
const share30 = target({ kind: 'percentage', percent: 30, comparator: 'eq' }, fy(2030));
const down = target({ kind: 'absolute', quantity: q(30, '件'), comparator: 'lte' }, fy(2030), 'decrease');
const growth = target({ kind: 'absolute', quantity: q(300, '億円'), comparator: 'eq' }, fy(2030));
const transportGaps = target({ kind: 'direction', baseYear: cy(2025) }, cy(2029), 'decrease');
const tokyoBenchmark = target({ kind: 'benchmark', benchmarkSeries: 'tokyo-area', comparator: 'gte' }, cy(2029));
const foodExports = target(
  {
    kind: 'multiplier',
    factor: 3,
    components: [
      { name: 'exports', baseYear: cy(2024) },
      { name: 'inbound-food', baseYear: cy(2023) },
    ],
  },
  cy(2030),
);
const foodBaselines = { exports: { value: 15073, at: cy(2024) }, 'inbound-food': { value: 9500, at: cy(2023) } };
const workers = target(
  { kind: 'cumulative', quantity: q(21.7, '人', 'man'), comparator: 'eq', window: { from: 2025, to: 2030 } },
  fy(2030),
);
const since2015 = target(
  { kind: 'cumulative', quantity: q(130, '件'), comparator: 'eq', window: { from: 2015, to: 2027 } },
  fy(2027),
);
const fourteenAYear = target(
  {
    kind: 'every_year',
    threshold: { kind: 'value', quantity: q(14, '件') },
    comparator: 'gte',
    window: { from: 2025, to: 2027 },
  },
  { basis: 'range', from: fy(2025), to: fy(2027) },
);
const notBelowLastYear = target(
  { kind: 'every_year', threshold: { kind: 'previous_year' }, comparator: 'gte' },
  fy(2029),
);
const eightyEachYear = target(
  { kind: 'every_year', threshold: { kind: 'value', quantity: q(80, '%') }, comparator: 'gte' },
  { basis: 'none' },
);
const cohorts = target({ kind: 'cohort_ratio', percent: 75, comparator: 'gte' }, fy(2025));
const pending = target({ kind: 'pending', note: '今後実施予定の調査の結果を踏まえて設定' }, cy(2029));
const twoVariants = target(
  {
    kind: 'variants',
    variants: [
      { label: 'A', target: target({ kind: 'absolute', quantity: q(100, '件'), comparator: 'gte' }, fy(2028)) },
      { label: 'B', target: target({ kind: 'absolute', quantity: q(100, '件'), comparator: 'gte' }, fy(2028)) },
    ],
  },
  fy(2028),
);

const cases: Case[] = [
  // absolute, with 万 scale: (4800−3687)/(6000−3687) over 3 of 6 years ≈ 0.962
  {
    name: 'absolute: on track',
    input: { target: visitors, baseline: visitorsBaseline, reports: [r('CY2027', 4800)], cycle: 2027 },
    category: 'on_track',
    ratio: 0.962,
  },
  {
    name: 'absolute: reached early is achieved',
    input: { target: visitors, baseline: visitorsBaseline, reports: [r('CY2029', 6100)], cycle: 2029 },
    category: 'achieved',
  },
  // 超: reaching exactly 100 is not achieved; by the ratio it is on track
  {
    name: 'absolute 超: equal is not achieved',
    input: {
      target: target({ kind: 'absolute', quantity: q(100, '人', 'man'), comparator: 'gt' }, cy(2030)),
      baseline: { value: 60, at: cy(2024) },
      reports: [r('CY2030', 100)],
      cycle: 2030,
    },
    category: 'on_track',
    ratio: 1.0,
  },
  {
    name: 'absolute 超: above is achieved',
    input: {
      target: target({ kind: 'absolute', quantity: q(100, '人', 'man'), comparator: 'gt' }, cy(2030)),
      reports: [r('CY2030', 101)],
      cycle: 2030,
    },
    category: 'achieved',
  },
  // percentage: (22−20.5)/(30−20.5) over 2 of 6 years ≈ 0.474
  {
    name: 'percentage: behind',
    input: { target: share30, baseline: { value: 20.5, at: fy(2024) }, reports: [r('FY2026', 22)], cycle: 2026 },
    category: 'behind',
    ratio: 0.474,
  },
  // decreasing: (45−50)/(30−50) over 3 of 6 years = 0.5
  {
    name: 'decreasing target: behind',
    input: { target: down, baseline: { value: 50, at: fy(2024) }, reports: [r('FY2027', 45)], cycle: 2027 },
    category: 'behind',
    ratio: 0.5,
  },
  {
    name: 'decreasing target: reached',
    input: { target: down, baseline: { value: 50, at: fy(2024) }, reports: [r('FY2027', 29)], cycle: 2027 },
    category: 'achieved',
  },
  {
    name: 'decreasing target: moved away',
    input: { target: down, baseline: { value: 50, at: fy(2024) }, reports: [r('FY2027', 55)], cycle: 2027 },
    category: 'deteriorated',
  },
  // zero baseline: 120/200 over 3 of 5 years = 1.0
  {
    name: 'zero baseline',
    input: {
      target: target({ kind: 'absolute', quantity: q(200, '件'), comparator: 'eq' }, fy(2029)),
      baseline: { value: 0, at: fy(2024) },
      reports: [r('FY2027', 120)],
      cycle: 2027,
    },
    category: 'on_track',
    ratio: 1.0,
  },
  {
    name: 'target met at baseline, then lost',
    input: {
      target: target({ kind: 'absolute', quantity: q(80, '%'), comparator: 'gte' }, fy(2029)),
      baseline: { value: 80, at: fy(2024) },
      reports: [r('FY2026', 78)],
      cycle: 2026,
    },
    category: 'deteriorated',
  },
  {
    name: 'target met at baseline, still met',
    input: {
      target: target({ kind: 'absolute', quantity: q(80, '%'), comparator: 'gte' }, fy(2029)),
      baseline: { value: 80, at: fy(2024) },
      reports: [r('FY2026', 81)],
      cycle: 2026,
    },
    category: 'achieved',
  },
  {
    name: 'below the baseline is deteriorated',
    input: { target: growth, baseline: { value: 100, at: fy(2024) }, reports: [r('FY2026', 90)], cycle: 2026 },
    category: 'deteriorated',
  },
  // missing years: the latest known period counts, with its own elapsed time
  {
    name: 'missing years: cycle 2027 uses FY2025',
    input: {
      target: growth,
      baseline: { value: 100, at: fy(2024) },
      reports: [r('FY2025', 140), r('FY2028', 160)],
      cycle: 2027,
    },
    category: 'on_track',
    latest: { value: 140, period: 'FY2025' },
  },
  {
    name: 'an actual of a later cycle is ignored',
    input: { target: growth, baseline: { value: 100, at: fy(2024) }, reports: [r('FY2028', 400)], cycle: 2027 },
    category: 'not_assessable',
    reason: 'no_actuals',
  },
  {
    name: 'only the baseline period reported',
    input: { target: growth, baseline: { value: 100, at: fy(2024) }, reports: [r('FY2024', 100)], cycle: 2025 },
    category: 'not_assessable',
    reason: 'single_data_point',
  },
  {
    name: 'no baseline',
    input: { target: growth, reports: [r('FY2026', 150)], cycle: 2026 },
    category: 'not_assessable',
    reason: 'baseline_missing',
  },
  {
    name: 'no actuals',
    input: { target: growth, baseline: { value: 100, at: fy(2024) }, reports: [], cycle: 2026 },
    category: 'not_assessable',
    reason: 'no_actuals',
  },
  // CAGR: (1.5^(1/3)−1)/(3^(1/6)−1) ≈ 0.720 where linear gives 0.5
  {
    name: 'CAGR method',
    input: {
      target: growth,
      method: 'cagr',
      baseline: { value: 100, at: fy(2024) },
      reports: [r('FY2027', 150)],
      cycle: 2027,
    },
    category: 'moderate',
    ratio: 0.72,
  },
  {
    name: 'linear method on the same data',
    input: { target: growth, baseline: { value: 100, at: fy(2024) }, reports: [r('FY2027', 150)], cycle: 2027 },
    category: 'behind',
    ratio: 0.5,
  },
  {
    name: 'CAGR with a zero baseline falls back to linear',
    input: {
      target: growth,
      method: 'cagr',
      baseline: { value: 0, at: fy(2024) },
      reports: [r('FY2027', 150)],
      cycle: 2027,
    },
    category: 'on_track',
    ratio: 1.0,
  },
  // preliminary and final
  {
    name: 'a final figure replaces an older preliminary one',
    input: {
      target: growth,
      baseline: { value: 100, at: fy(2024) },
      reports: [r('FY2026', 120, { status: 'preliminary' }), r('FY2026', 118)],
      cycle: 2026,
    },
    category: 'behind',
    latest: { value: 118, status: 'final' },
  },
  {
    name: 'a newer preliminary figure is shown as preliminary',
    input: {
      target: growth,
      baseline: { value: 100, at: fy(2024) },
      reports: [r('FY2026', 118), r('FY2027', 125, { status: 'preliminary' })],
      cycle: 2027,
    },
    category: 'behind',
    latest: { value: 125, status: 'preliminary', period: 'FY2027' },
  },
  {
    name: 'a retraction withdraws the period',
    input: {
      target: growth,
      baseline: { value: 100, at: fy(2024) },
      reports: [r('FY2025', 130), r('FY2026', 300), r('FY2026', 0, { retracted: true })],
      cycle: 2026,
    },
    category: 'moderate',
    ratio: 0.9,
    latest: { value: 130, period: 'FY2025' },
  },
  // multiplier with a base year per component: 30,000 against 3 × 24,573 over 2 of 6 years ≈ 0.331
  {
    name: 'multiplier: sum of components against 3× their baselines',
    input: {
      target: foodExports,
      componentBaselines: foodBaselines,
      reports: [
        r('CY2026', 18000, { component: 'exports' }),
        r('CY2026', 12000, { component: 'inbound-food', status: 'preliminary' }),
      ],
      cycle: 2026,
    },
    category: 'behind',
    ratio: 0.331,
    latest: { value: 30000, status: 'preliminary' },
  },
  {
    name: 'multiplier: only complete periods count',
    input: {
      target: foodExports,
      componentBaselines: foodBaselines,
      reports: [
        r('CY2025', 16000, { component: 'exports' }),
        r('CY2025', 10000, { component: 'inbound-food' }),
        r('CY2026', 18000, { component: 'exports' }),
      ],
      cycle: 2026,
    },
    category: 'behind',
    latest: { value: 26000, period: 'CY2025' },
  },
  {
    name: 'multiplier: a missing component baseline',
    input: { target: foodExports, componentBaselines: { exports: foodBaselines.exports }, reports: [], cycle: 2026 },
    category: 'not_assessable',
    reason: 'baseline_missing',
  },
  // direction only, against the base year in the series
  {
    name: 'direction: fewer transport gaps',
    input: { target: transportGaps, reports: [r('CY2025', 2000), r('CY2027', 1800)], cycle: 2027 },
    category: 'on_track',
  },
  {
    name: 'direction: fewer by the due year is achieved',
    input: { target: transportGaps, reports: [r('CY2025', 2000), r('CY2029', 1500)], cycle: 2029 },
    category: 'achieved',
  },
  {
    name: 'direction: unchanged',
    input: { target: transportGaps, reports: [r('CY2025', 2000), r('CY2027', 2000)], cycle: 2027 },
    category: 'behind',
  },
  {
    name: 'direction: worse',
    input: { target: transportGaps, reports: [r('CY2025', 2000), r('CY2027', 2100)], cycle: 2027 },
    category: 'deteriorated',
  },
  {
    name: 'direction: only the base year',
    input: { target: transportGaps, reports: [r('CY2025', 2000)], cycle: 2025 },
    category: 'not_assessable',
    reason: 'single_data_point',
  },
  {
    name: 'direction: no base-year value',
    input: { target: transportGaps, reports: [r('CY2027', 1800)], cycle: 2027 },
    category: 'not_assessable',
    reason: 'baseline_missing',
  },
  // benchmark: 東京圏以上
  {
    name: 'benchmark: above the Tokyo area',
    input: {
      target: tokyoBenchmark,
      reports: [r('CY2026', 1.2)],
      benchmarks: { 'tokyo-area': [r('CY2026', 1.0)] },
      cycle: 2026,
    },
    category: 'on_track',
  },
  {
    name: 'benchmark: above in the due year',
    input: {
      target: tokyoBenchmark,
      reports: [r('CY2029', 1.2)],
      benchmarks: { 'tokyo-area': [r('CY2029', 1.0)] },
      cycle: 2029,
    },
    category: 'achieved',
  },
  {
    name: 'benchmark: below, gap narrowing',
    input: {
      target: tokyoBenchmark,
      reports: [r('CY2025', 0.5), r('CY2026', 0.8)],
      benchmarks: { 'tokyo-area': [r('CY2025', 1.0), r('CY2026', 1.0)] },
      cycle: 2026,
    },
    category: 'moderate',
  },
  {
    name: 'benchmark: below, gap widening',
    input: {
      target: tokyoBenchmark,
      reports: [r('CY2025', 0.9), r('CY2026', 0.6)],
      benchmarks: { 'tokyo-area': [r('CY2025', 1.0), r('CY2026', 1.0)] },
      cycle: 2026,
    },
    category: 'deteriorated',
  },
  {
    name: 'benchmark: no benchmark value',
    input: {
      target: tokyoBenchmark,
      reports: [r('CY2026', 1.2)],
      benchmarks: { 'tokyo-area': [r('CY2025', 1.0)] },
      cycle: 2026,
    },
    category: 'not_assessable',
    reason: 'benchmark_missing',
  },
  // cumulative: 6.5 of 21.7 over 2 of 6 years ≈ 0.899; a window from 2015 with the sum to FY2024 as baseline
  {
    name: 'cumulative: moderate',
    input: { target: workers, reports: [r('FY2025', 3.0), r('FY2026', 3.5)], cycle: 2026 },
    category: 'moderate',
    ratio: 0.899,
    latest: { value: 6.5 },
  },
  {
    name: 'cumulative from before the plan',
    input: { target: since2015, baseline: { value: 100, at: fy(2024) }, reports: [r('FY2025', 10)], cycle: 2025 },
    category: 'on_track',
    ratio: 1.0,
  },
  {
    name: 'cumulative: reached',
    input: { target: workers, reports: [r('FY2025', 12), r('FY2026', 10)], cycle: 2026 },
    category: 'achieved',
  },
  // every year
  {
    name: 'every year 14件: the cycle year fell short',
    input: { target: fourteenAYear, reports: [r('FY2025', 15), r('FY2026', 12)], cycle: 2026 },
    category: 'moderate',
    ratio: 0.857,
  },
  {
    name: 'every year 14件: met in the cycle year',
    input: { target: fourteenAYear, reports: [r('FY2025', 15)], cycle: 2025 },
    category: 'achieved',
  },
  {
    name: 'every year 14件: nothing for the cycle year',
    input: { target: fourteenAYear, reports: [r('FY2025', 15)], cycle: 2026 },
    category: 'not_assessable',
    reason: 'no_actuals',
  },
  {
    name: '毎年前年度以上: rose',
    input: { target: notBelowLastYear, reports: [r('FY2025', 100), r('FY2026', 105)], cycle: 2026 },
    category: 'achieved',
  },
  {
    name: '毎年前年度以上: fell',
    input: { target: notBelowLastYear, reports: [r('FY2025', 100), r('FY2026', 105), r('FY2027', 103)], cycle: 2027 },
    category: 'deteriorated',
  },
  {
    name: '毎年前年度以上: first year only',
    input: { target: notBelowLastYear, reports: [r('FY2025', 100)], cycle: 2025 },
    category: 'not_assessable',
    reason: 'single_data_point',
  },
  {
    name: '各年度80%以上',
    input: { target: eightyEachYear, reports: [r('FY2026', 85)], cycle: 2026 },
    category: 'achieved',
  },
  // cohorts
  { name: 'cohort: met', input: { target: cohorts, reports: [r('FY2025', 80)], cycle: 2026 }, category: 'achieved' },
  {
    name: 'cohort: close',
    input: { target: cohorts, reports: [r('FY2025', 70)], cycle: 2026 },
    category: 'moderate',
    ratio: 0.933,
  },
  { name: 'cohort: far', input: { target: cohorts, reports: [r('FY2025', 40)], cycle: 2026 }, category: 'behind' },
  // pending and variants
  {
    name: 'pending target',
    input: { target: pending, reports: [r('CY2026', 50)], cycle: 2026 },
    category: 'not_assessable',
    reason: 'target_pending',
  },
  {
    name: 'variants: the least favourable counts',
    input: {
      target: twoVariants,
      reports: [r('FY2026', 120, { component: 'A' }), r('FY2026', 10, { component: 'B' })],
      componentBaselines: { A: { value: 0, at: fy(2024) }, B: { value: 0, at: fy(2024) } },
      cycle: 2026,
    },
    category: 'behind',
  },
  // found in review
  {
    name: 'a baseline already past the target, then below it',
    input: {
      target: target({ kind: 'absolute', quantity: q(100, '件'), comparator: 'eq' }, fy(2029)),
      baseline: { value: 120, at: fy(2024) },
      reports: [r('FY2027', 90)],
      cycle: 2027,
    },
    category: 'deteriorated',
  },
  // (0 ÷ (4 − 3.6)) ÷ (1 ÷ 3) = 0: nothing added since the accumulated baseline
  {
    name: 'cumulative: progress is measured from the accumulated baseline',
    input: {
      target: target(
        { kind: 'cumulative', quantity: q(4, '人', 'man'), comparator: 'eq', window: { from: 2015, to: 2027 } },
        fy(2027),
      ),
      baseline: { value: 3.6, at: fy(2024) },
      reports: [r('FY2025', 0)],
      cycle: 2025,
    },
    category: 'behind',
    ratio: 0,
  },
  {
    name: 'cumulative: a window that starts before the first report needs a baseline',
    input: {
      target: target(
        { kind: 'cumulative', quantity: q(4, '人', 'man'), comparator: 'eq', window: { from: 2015, to: 2027 } },
        fy(2027),
      ),
      reports: [r('FY2025', 0.5)],
      cycle: 2025,
    },
    category: 'not_assessable',
    reason: 'baseline_missing',
  },
  {
    name: 'a preliminary figure sent after the final one does not replace it',
    input: {
      target: growth,
      baseline: { value: 100, at: fy(2024) },
      reports: [r('FY2026', 160), r('FY2026', 158, { status: 'preliminary' })],
      cycle: 2026,
    },
    category: 'moderate',
    latest: { value: 160, status: 'final' },
  },
  {
    name: 'variants: one achieved and one not assessable is not assessable',
    input: {
      target: twoVariants,
      reports: [r('FY2026', 120, { component: 'A' })],
      componentBaselines: { A: { value: 0, at: fy(2024) }, B: { value: 0, at: fy(2024) } },
      cycle: 2026,
    },
    category: 'not_assessable',
    reason: 'no_actuals',
  },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    const result = assess(c.input);
    t.equal(result.category, c.category, result.explanation);
    if (c.reason) t.equal(result.reason, c.reason);
    if (c.ratio !== undefined)
      t.ok(Math.abs((result.ratio ?? NaN) - c.ratio) < 0.005, `ratio ${result.ratio} ≈ ${c.ratio}`);
    if (c.latest) t.match(result.latest, c.latest);
  });
}

t.test('every-year results list each year of the window', async (t) => {
  const result = assess({ target: fourteenAYear, reports: [r('FY2025', 15), r('FY2026', 12)], cycle: 2026 });
  t.same(result.years, [
    { year: 2025, value: 15, threshold: 14, met: true },
    { year: 2026, value: 12, threshold: 14, met: false },
  ]);
});

t.test('variants carry their own assessments, each against its own baseline and benchmark series', async (t) => {
  const result = assess({
    target: twoVariants,
    reports: [r('FY2026', 120, { component: 'A' })],
    componentBaselines: { A: { value: 0, at: fy(2024) } },
    cycle: 2026,
  });
  t.same(
    result.variants?.map((v) => [v.label, v.assessment.category]),
    [
      ['A', 'achieved'],
      ['B', 'not_assessable'],
    ],
  );
  t.equal(result.category, 'not_assessable', 'an unknown variant may hide a worse one');

  const wages = target(
    {
      kind: 'variants',
      variants: [
        {
          label: 'regional',
          target: target({ kind: 'benchmark', benchmarkSeries: 'regional-wage', comparator: 'gt' }, fy(2030)),
        },
        {
          label: 'national',
          target: target({ kind: 'benchmark', benchmarkSeries: 'national-wage', comparator: 'gt' }, fy(2031)),
        },
      ],
    },
    fy(2031),
  );
  const both = assess({
    target: wages,
    reports: [r('FY2026', 4, { component: 'regional' }), r('FY2026', 4, { component: 'national' })],
    benchmarks: { 'regional-wage': [r('FY2026', 3)], 'national-wage': [r('FY2026', 5)] },
    cycle: 2026,
  });
  t.same(
    both.variants?.map((v) => [v.label, v.assessment.category]),
    [
      ['regional', 'on_track'],
      ['national', 'behind'],
    ],
    'each variant reads its own benchmark series',
  );
});
