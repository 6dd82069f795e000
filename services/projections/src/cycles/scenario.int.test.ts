import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { projectionsFixture, VISITORS_TARGET_4500, type ProjectionsFixture, type Who } from '../testing.js';

// A realistic year, checked against figures worked out by hand (not by the engine under test).
let f: ProjectionsFixture;
let app: FastifyInstance;
t.before(async () => {
  f = await projectionsFixture();
  app = await f.startApp();
});
t.teardown(() => f.dispose());

const VISITORS = 'kpi-outcome-a-4.1'; // 訪日外国人旅行者数: 6,000万人（2030年）, JTA
const NIGHTS = 'kpi-outcome-a-4.2'; // 地方部における延べ宿泊者数: 1.3億人泊（2030年）, JTA
const GAPS = 'kpi-outcome-c-1'; // 「交通空白」地点: 2025年と比べて減少（2029年）, MLIT
const THEATRES = 'roadmap-a.u3.r3'; // 文化庁
const jta: Who = { name: 'submitter-JTA', role: 'submitter', ministry: 'JTA' };
const secretariat: Who = { name: 'secretariat', role: 'secretariat', ministry: null };
const q = async <T>(text: string, values: unknown[] = []) =>
  (await f.store.pool.query<T & Record<string, unknown>>(text.replaceAll('rm.', `${f.prefix}cycles.`), values)).rows;
const actual = (kpiId: string, period: string, type: string, data: object, who: Who) =>
  f.append(`actual-${kpiId}@${period}`, type, { kpiId, period, component: null, ...data }, who);

t.test('reports, a correction and a retraction in FY2025', async (t) => {
  await f.append(VISITORS, 'KpiBaselineRevised', {
    kind: 'kpi',
    id: VISITORS,
    facet: 'baseline',
    value: { value: 3687, at: { basis: 'calendar_year', year: 2024 } },
    reason: '2024年の確報値を基準値とする',
  });
  await actual(
    VISITORS,
    'CY2024',
    'KpiActualReported',
    { value: 3687, status: 'final', source: 'JNTO', note: null },
    jta,
  );
  await actual(
    VISITORS,
    'CY2025',
    'KpiActualReported',
    { value: 3990, status: 'preliminary', source: 'JNTO', note: '速報' },
    jta,
  );
  await actual(
    VISITORS,
    'CY2025',
    'KpiActualCorrected',
    { value: 3995, previousValue: 3990, status: 'final', reason: '確報値に更新' },
    jta,
  );
  await actual(NIGHTS, 'CY2025', 'KpiActualReported', { value: 0.95, status: 'final', source: null, note: null }, jta);
  await actual(NIGHTS, 'CY2025', 'KpiActualRetracted', { previousValue: 0.95, reason: '集計誤り' }, jta);
  await actual(
    GAPS,
    'CY2025',
    'KpiActualReported',
    { value: 2057, status: 'final', source: null, note: null },
    {
      ...secretariat,
      onBehalfOf: 'MLIT',
    },
  );
  await f.caughtUp(app);

  const [visitors] = await q<{ value: number; status: string; corrections: number; category: string; ratio: number }>(
    'SELECT * FROM rm.kpi_cycles WHERE cycle = 2025 AND kpi_id = $1',
    [VISITORS],
  );
  // Baseline 3,687 at the end of 2024, target 6,000 at the end of 2030 (2,191 days later); 3,995 at the
  // end of 2025 (365 days in): (3995 − 3687) / (6000 − 3687) ÷ (365 / 2191) = 0.7993 → 概ね順調 (moderate).
  const expectedRatio = ((3995 - 3687) / (6000 - 3687)) * (2191 / 365);
  t.match(visitors, { value: 3995, status: 'final', corrections: 1, category: 'moderate' });
  t.ok(Math.abs(visitors!.ratio - expectedRatio) < 1e-9, `ratio ${visitors!.ratio} ≈ ${expectedRatio}`);
  const [earlier] = await q<{ value: number; category: string }>(
    'SELECT * FROM rm.kpi_cycles WHERE cycle = 2025 AND kpi_id = $1',
    [NIGHTS],
  );
  t.match(earlier, { value: null, submitted: false, category: 'not_assessable' }, 'a retracted value does not count');
  const nights = await q('SELECT * FROM rm.actuals WHERE kpi_id = $1', [NIGHTS]);
  t.match(nights, [{ period: 'CY2025', retracted: true, value: null, reports: 2 }]);
  const [gaps] = await q('SELECT * FROM rm.actuals WHERE kpi_id = $1', [GAPS]);
  t.match(gaps, { value: 2057, reported_by: 'secretariat', on_behalf_of: 'MLIT', corrections: 0 });
  const history = await q<{ event_type: string; reason: string | null }>(
    'SELECT event_type, reason, value FROM rm.reports WHERE kpi_id = $1 ORDER BY position',
    [VISITORS],
  );
  t.same(
    history.map((r) => [r.event_type, r.reason]),
    [
      ['KpiActualReported', null],
      ['KpiActualReported', null],
      ['KpiActualCorrected', '確報値に更新'],
    ],
  );
  const series = await q<{ series: Record<string, unknown> }>(
    'SELECT series FROM rm.kpi_cycles WHERE cycle = 2026 AND kpi_id = $1',
    [VISITORS],
  );
  t.same(series[0]?.series, {
    '': [
      { period: 'CY2024', value: 3687, status: 'final' },
      { period: 'CY2025', value: 3995, status: 'final' },
    ],
  });
});

t.test('a revised target re-assesses the KPI without a new actual', async (t) => {
  await f.append(VISITORS, 'KpiTargetRevised', {
    kind: 'kpi',
    id: VISITORS,
    facet: 'target',
    value: VISITORS_TARGET_4500,
    reason: '目標の見直し',
  });
  await f.caughtUp(app);
  const [visitors] = await q<{ category: string; ratio: number }>(
    'SELECT * FROM rm.kpi_cycles WHERE cycle = 2025 AND kpi_id = $1',
    [VISITORS],
  );
  // (3995 − 3687) / (4500 − 3687) ÷ (365 / 2191) = 2.274 → 順調 (on track).
  const expectedRatio = ((3995 - 3687) / (4500 - 3687)) * (2191 / 365);
  t.equal(visitors?.category, 'on_track');
  t.ok(Math.abs(visitors!.ratio - expectedRatio) < 1e-9);
  const [kpi] = await q<{ target: { raw: string } }>('SELECT target FROM rm.kpis WHERE kpi_id = $1', [VISITORS]);
  t.equal(kpi?.target.raw, '4,500 万人（2030 年）');
});

t.test('a closed cycle, milestones, coverage per ministry and the summary by outcome', async (t) => {
  await f.append('cycle-FY2025', 'CycleOpened', { fiscalYear: 2025, at: '2025-04-01T00:00:00.000Z', by: 'sec' });
  await f.append('cycle-FY2025', 'CycleClosed', {
    fiscalYear: 2025,
    at: '2026-06-30T09:00:00.000Z',
    by: 'sec',
    reason: '令和7年度フォローアップ締切',
  });
  const aca: Who = { name: 'submitter-ACA', role: 'submitter', ministry: 'ACA' };
  const milestone = (status: string, previousStatus: string | null) =>
    f.append(
      `milestone-${THEATRES}@FY2026`,
      'MilestoneStatusReported',
      { itemId: THEATRES, fiscalYear: 2026, status, previousStatus, note: null, evidenceUrl: null },
      aca,
    );
  await milestone('in_progress', null);
  await milestone('delayed', 'in_progress');
  await f.caughtUp(app);

  t.match(await q('SELECT * FROM rm.cycles'), [
    { fiscal_year: 2025, status: 'closed', reason: '令和7年度フォローアップ締切' },
  ]);
  const [theatres] = await q('SELECT * FROM rm.roadmap_status WHERE cycle = 2026 AND item_id = $1', [THEATRES]);
  t.match(theatres, { status: 'delayed', previous_status: 'in_progress', reports: 2, reporter_ministry: 'ACA' });

  const [jtaCoverage] = await q<{ kpis_missing: string[]; kpis_overdue: string[]; kpis_submitted: number }>(
    'SELECT * FROM rm.coverage WHERE cycle = 2025 AND ministry = $1',
    ['JTA'],
  );
  t.equal(jtaCoverage?.kpis_submitted, 1, 'visitors only: the nights were retracted');
  t.ok(jtaCoverage?.kpis_missing.includes(NIGHTS), 'nights are missing');
  t.same(jtaCoverage?.kpis_overdue, jtaCoverage?.kpis_missing, 'and overdue, the cycle being closed');
  const [mlitCoverage] = await q<{ kpis_missing: string[] }>(
    'SELECT * FROM rm.coverage WHERE cycle = 2025 AND ministry = $1',
    ['MLIT'],
  );
  t.notOk(mlitCoverage?.kpis_missing.includes(GAPS), 'reported on MLIT’s behalf counts for MLIT');

  const outcomeA = await q<{ category: string; kpis: number }>(
    "SELECT category, kpis FROM rm.summary WHERE cycle = 2025 AND group_kind = 'outcome' AND group_id = 'outcome-a'",
  );
  const counts = Object.fromEntries(outcomeA.map((r) => [r.category, r.kpis]));
  t.equal(counts.on_track, 1, 'visitors');
  const [{ total }] = (await q<{ total: string }>(
    "SELECT count(*) AS total FROM rm.kpi_lineage WHERE outcome_id = 'outcome-a'",
  )) as [{ total: string }];
  t.equal(
    Object.values(counts).reduce((a, b) => a + b, 0),
    Number(total),
    'every KPI of outcome A is counted once',
  );
});

t.test('the catalog read model places every KPI in the logic model', async (t) => {
  const catalog = async <T>(text: string, values: unknown[] = []) =>
    (await f.store.pool.query<T & Record<string, unknown>>(text.replaceAll('rm.', `${f.prefix}catalog.`), values)).rows;
  const [visitors] = await catalog('SELECT * FROM rm.kpis WHERE id = $1', [VISITORS]);
  t.match(visitors, {
    level: 'outcome',
    outcome_id: 'outcome-a',
    impact_id: 'impact-1',
    owner_ministry: 'JTA',
    target_form: 'absolute',
    target: { raw: '4,500 万人（2030 年）' },
    baseline: { value: 3687 },
  });
  const [smartFarming] = await catalog('SELECT * FROM rm.kpis WHERE id = $1', ['kpi-output-a.u1.k1']);
  t.match(smartFarming, { level: 'output', parent: 'unit-a.u1', outcome_id: 'outcome-a', impact_id: 'impact-1' });
  const levels = await catalog<{ level: string; n: number }>(
    'SELECT level, count(*)::int AS n FROM rm.kpis GROUP BY level ORDER BY level',
  );
  // seeds/README.md: 3 impact KPIs, 13 outcome KPIs, 38 output KPIs.
  t.same(levels, [
    { level: 'impact', n: 3 },
    { level: 'outcome', n: 13 },
    { level: 'output', n: 38 },
  ]);
  const unplaced = await catalog(
    "SELECT id FROM rm.kpis WHERE impact_id IS NULL OR (level <> 'impact' AND outcome_id IS NULL)",
  );
  // 「4. 国の役割」 (the national government's role) is a section of its own, under no outcome: its 8 output
  // KPIs sit outside the impact/outcome summary, and they are the only ones.
  t.equal(unplaced.length, 8);
  t.ok(
    unplaced.every((k) => String(k.id).startsWith('kpi-output-national-role.')),
    'every other KPI reaches an impact, and every non-impact KPI an outcome',
  );
  const [theatres] = await catalog('SELECT * FROM rm.roadmap_items WHERE id = $1', [THEATRES]);
  t.match(theatres, { owner_ministry: 'ACA', row_kind: 'project', output_unit_id: 'unit-a.u3' });
});
