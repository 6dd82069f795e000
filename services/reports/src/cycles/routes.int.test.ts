import t from 'tap';
import { reportsFixture, type ReportsFixture } from '../testing.js';

let f: ReportsFixture;
t.before(async () => {
  f = await reportsFixture();
  const jta = { name: 'submitter-JTA', role: 'submitter' as const, ministry: 'JTA' };
  const actual = (period: string, type: string, data: object) =>
    f.ledger.append(`actual-${VISITORS}@${period}`, type, { kpiId: VISITORS, period, component: null, ...data }, jta);
  await actual('CY2025', 'KpiActualReported', { value: 3990, status: 'preliminary', source: null, note: null });
  await actual('CY2025', 'KpiActualCorrected', { value: 3995, previousValue: 3990, status: 'final', reason: '確報' });
  await f.ledger.append('cycle-FY2025', 'CycleOpened', { fiscalYear: 2025, at: '2025-04-01T00:00:00.000Z', by: 's' });
  await f.settled();
});
t.teardown(() => f.dispose());

const VISITORS = 'kpi-outcome-a-4.1';
const get = async (url: string, headers: Record<string, string>) => f.app.inject({ method: 'GET', url, headers });

t.test('the catalog filters and pages, and needs a token', async (t) => {
  const auditor = await f.bearer('auditor');
  t.equal((await get('/v1/catalog/kpis', {})).statusCode, 401);
  const outcomeResponse = await get('/v1/catalog/kpis?outcome=outcome-a&level=outcome', auditor);
  t.equal(outcomeResponse.statusCode, 200, outcomeResponse.body);
  const outcomeA = outcomeResponse.json<{
    items: { id: string; owner_ministry: string | null }[];
    total: number;
  }>();
  t.ok(outcomeA.items.some((k) => k.id === VISITORS));
  t.equal(outcomeA.total, outcomeA.items.length);
  const page = (await get('/v1/catalog/kpis?limit=5&offset=5', auditor)).json<{ items: unknown[]; total: number }>();
  t.equal(page.items.length, 5);
  t.equal(page.total, 54, 'the catalog holds 54 KPIs');
  t.equal((await get('/v1/catalog/kpis?limit=0', auditor)).statusCode, 400);
  t.match((await get(`/v1/catalog/kpis/${VISITORS}`, auditor)).json(), { name: '訪日外国人旅行者数' });
  t.equal((await get('/v1/catalog/kpis/kpi-nope', auditor)).statusCode, 404);
  const measures = (await get('/v1/catalog/measures?outcome=outcome-a&limit=500', auditor)).json<{ total: number }>();
  t.ok(measures.total > 0);
  const items = (await get('/v1/catalog/roadmap-items?ministry=ACA', auditor)).json<{ items: unknown[] }>();
  t.ok(items.items.length > 0);
});

t.test('a cycle: summary, KPIs, one KPI, roadmap, coverage', async (t) => {
  const secretariat = await f.bearer('secretariat');
  const cycles = (await get('/v1/cycles', secretariat)).json<{
    cycles: { cycle: string; status: string; label: string }[];
  }>();
  t.equal(cycles.cycles.length, 6);
  t.match(cycles.cycles[0], { cycle: 'FY2025', status: 'open', label: '2025年度（令和7年度）' });
  const summary = (await get('/v1/cycles/FY2025/summary', secretariat)).json<{
    byOutcome: { id: string; counts: Record<string, number> }[];
    position: number;
  }>();
  t.ok(summary.position > 0, 'states the position it answers at');
  t.ok(summary.byOutcome.some((o) => o.id === 'outcome-a'));
  const kpis = (await get('/v1/cycles/FY2025/kpis?outcome=outcome-a', secretariat)).json<{
    items: { kpi_id: string; value: number | null; status: string | null }[];
  }>();
  t.match(
    kpis.items.find((k) => k.kpi_id === VISITORS),
    { value: 3995, status: 'final' },
  );
  const one = (await get(`/v1/cycles/FY2025/kpis/${VISITORS}`, secretariat)).json<{ actuals: unknown[] }>();
  t.match(one, { corrections: 1, actuals: [{ period: 'CY2025', value: 3995, corrections: 1 }] });
  t.equal((await get('/v1/cycles/FY2040/summary', secretariat)).statusCode, 404);
  t.equal((await get('/v1/cycles/2025/summary', secretariat)).statusCode, 400);
  const roadmap = (await get('/v1/cycles/FY2026/roadmap', secretariat)).json<{ items: unknown[] }>();
  t.ok(Array.isArray(roadmap.items));
  const coverage = (await get('/v1/cycles/FY2025/coverage', secretariat)).json<{
    ministries: { ministry: string }[];
  }>();
  t.ok(coverage.ministries.length > 1, 'every ministry for the secretariat');
});

t.test('a submitter sees its own ministry only', async (t) => {
  const jta = await f.bearer('submitter', 'JTA');
  const coverage = (await get('/v1/cycles/FY2025/coverage', jta)).json<{ ministries: { ministry: string }[] }>();
  t.same(
    coverage.ministries.map((m) => m.ministry),
    ['JTA'],
  );
  const kpis = (await get('/v1/cycles/FY2025/kpis', jta)).json<{ items: { owner_ministry: string }[] }>();
  t.ok(kpis.items.length > 0 && kpis.items.every((k) => k.owner_ministry === 'JTA'));
  t.equal((await get('/v1/cycles/FY2025/kpis/kpi-outcome-c-1', jta)).statusCode, 404, 'MLIT’s KPI is not visible');
});

t.test('ETags: an unchanged answer is 304', async (t) => {
  const auditor = await f.bearer('auditor');
  const first = await get('/v1/cycles/FY2025/summary', auditor);
  const tag = first.headers.etag;
  t.ok(tag);
  const again = await get('/v1/cycles/FY2025/summary', { ...auditor, 'if-none-match': String(tag) });
  t.equal(again.statusCode, 304);
});
