import t from 'tap';
import { VISITORS_TARGET_4500, type Who } from '@pdca/projections/testing';
import { reportsFixture, type ReportsFixture } from '../testing.js';

const VISITORS = 'kpi-outcome-a-4.1';
const jta: Who = { name: 'submitter-JTA', role: 'submitter', ministry: 'JTA' };
let f: ReportsFixture;
const actual = (period: string, type: string, data: object) =>
  f.ledger.append(`actual-${VISITORS}@${period}`, type, { kpiId: VISITORS, period, component: null, ...data }, jta);
const get = async (query = '') =>
  (
    await f.app.inject({
      method: 'GET',
      url: `/v1/cycles/FY2025/kpis/${VISITORS}${query}`,
      headers: await f.bearer('auditor'),
    })
  ).json<Record<string, unknown>>();
/** What an answer says about the KPI, without where it was read from. */
const content = ({ position: _p, asOf: _a, updated_at: _u, ...rest }: Record<string, unknown>) =>
  JSON.parse(JSON.stringify(rest)) as Record<string, unknown>;

t.before(async () => {
  f = await reportsFixture();
  await f.ledger.revise('KpiBaselineRevised', {
    kind: 'kpi',
    id: VISITORS,
    facet: 'baseline',
    value: { value: 3687, at: { basis: 'calendar_year', year: 2024 } },
    reason: '基準値',
  });
  await actual('CY2024', 'KpiActualReported', { value: 3687, status: 'final', source: null, note: null });
  await actual('CY2025', 'KpiActualReported', { value: 3990, status: 'preliminary', source: null, note: null });
  await f.ledger.append('cycle-FY2025', 'CycleOpened', { fiscalYear: 2025, at: '2025-04-01T00:00:00.000Z', by: 's' });
  await milestone('in_progress', null);
  await f.settled();
});
const THEATRES = 'roadmap-a.u3.r3';
const milestone = (status: string, previousStatus: string | null) =>
  f.ledger.append(
    `milestone-${THEATRES}@FY2025`,
    'MilestoneStatusReported',
    { itemId: THEATRES, fiscalYear: 2025, status, previousStatus, note: null, evidenceUrl: null },
    { name: 'submitter-ACA', role: 'submitter', ministry: 'ACA' },
  );
const at = async (path: string, query = '') =>
  (
    await f.app.inject({ method: 'GET', url: `/v1/cycles/FY2025/${path}${query}`, headers: await f.bearer('auditor') })
  ).json<Record<string, unknown>>();
const list = async (query = '') =>
  (
    await f.app.inject({ method: 'GET', url: `/v1/cycles/FY2025/kpis${query}`, headers: await f.bearer('auditor') })
  ).json<Record<string, unknown>>();
const summary = async (query = '') =>
  (
    await f.app.inject({ method: 'GET', url: `/v1/cycles/FY2025/summary${query}`, headers: await f.bearer('auditor') })
  ).json<Record<string, unknown>>();
t.teardown(() => f.dispose());

t.test('as of an earlier position, a KPI answers exactly what it answered then', async (t) => {
  const then = await get();
  const summaryThen = await summary();
  const listThen = await list('?outcome=outcome-a');
  const roadmapThen = await at('roadmap');
  const coverageThen = await at('coverage');
  const thenPosition = then.position as number;
  const thenTime = new Date().toISOString();
  await new Promise((resolve) => setTimeout(resolve, 20));
  await actual('CY2025', 'KpiActualCorrected', { value: 3995, previousValue: 3990, status: 'final', reason: '確報' });
  await f.ledger.revise('KpiTargetRevised', {
    kind: 'kpi',
    id: VISITORS,
    facet: 'target',
    value: VISITORS_TARGET_4500,
    reason: '見直し',
  });
  await milestone('completed', 'in_progress');
  await f.ledger.append('cycle-FY2025', 'CycleClosed', {
    fiscalYear: 2025,
    at: '2026-06-30T00:00:00.000Z',
    by: 's',
    reason: '締切',
  });
  // The logic model and ownership change too: the past answers keep the ones of then.
  await f.ledger.revise('RoadmapItemOwnerAssigned', {
    kind: 'roadmap_item',
    id: THEATRES,
    facet: 'owner',
    value: { ministry: 'MEXT', provenance: 'assigned' },
    reason: '所管の変更',
  });
  const outcomeA = (await f.ledger.store.store.readStream('outcome-a')).at(-1)!.data as { value: object };
  await f.ledger.revise('OutcomeRevised', {
    kind: 'outcome',
    id: 'outcome-a',
    facet: 'definition',
    value: { ...outcomeA.value, impact: 'impact-2' },
    reason: '論理モデルの見直し',
  });
  await f.settled();
  const now = await get();
  t.match(now, { value: 3995, status: 'final', corrections: 1, category: 'on_track' }, 'the present has moved on');

  const byPosition = await get(`?asOfPosition=${thenPosition}`);
  t.same(content(byPosition), content(then), 'identical to the answer given then');
  t.match(byPosition, { value: 3990, status: 'preliminary', corrections: 0, category: 'moderate' });
  t.ok((byPosition.asOf as { resolvedPosition: number }).resolvedPosition <= thenPosition, 'states where it resolved');
  const byTime = await get(`?asOf=${encodeURIComponent(thenTime)}`);
  t.same(content(byTime), content(then), 'and by time');

  const summaryNow = await summary();
  t.notSame(content(summaryNow), content(summaryThen), 'the summary has moved on too');
  t.match(summaryNow, { state: { status: 'closed' } });
  const impactOf = (summary: Record<string, unknown>, id: string) =>
    (summary.byImpact as { id: string; counts: object }[]).find((g) => g.id === id);
  t.notSame(impactOf(summaryNow, 'impact-2'), impactOf(summaryThen, 'impact-2'), 'outcome A now counts under impact 2');
  const summaryPast = await summary(`?asOfPosition=${thenPosition}`);
  t.same(content(summaryPast), content(summaryThen), 'the whole cycle’s summary as it was then');
  t.match(summaryPast, { state: { status: 'open' } });
  const listPast = await list(`?outcome=outcome-a&asOfPosition=${thenPosition}`);
  t.same(content(listPast), content(listThen), 'the cycle’s KPI list as it was then');

  const cyclesThen = (
    await f.app.inject({
      method: 'GET',
      url: `/v1/cycles?asOfPosition=${thenPosition}`,
      headers: await f.bearer('auditor'),
    })
  ).json<{ cycles: { cycle: string; status: string }[] }>();
  t.match(cyclesThen.cycles[0], { cycle: 'FY2025', status: 'open' }, 'the cycle was open then');
  const roadmapNow = await at('roadmap');
  t.notSame(content(roadmapNow), content(roadmapThen), 'the roadmap has moved on');
  const ownerOf = (answer: Record<string, unknown>) =>
    (answer.items as { item_id: string; owner_ministry: string }[]).find((i) => i.item_id === THEATRES)?.owner_ministry;
  t.equal(ownerOf(roadmapNow), 'MEXT', 'the item has a new owner');
  t.equal(ownerOf(await at('roadmap', `?asOfPosition=${thenPosition}`)), 'ACA', 'and had its old one then');
  t.same(content(await at('roadmap', `?asOfPosition=${thenPosition}`)), content(roadmapThen), 'the roadmap then');
  t.match(roadmapThen, { items: [{ item_id: THEATRES, status: 'in_progress' }] });
  t.notSame(content(await at('coverage')), content(coverageThen), 'coverage has moved on');
  t.same(content(await at('coverage', `?asOfPosition=${thenPosition}`)), content(coverageThen), 'coverage then');

  const changes = (
    await f.app.inject({
      method: 'GET',
      url: `/v1/cycles/FY2025/changes?from=${thenPosition}`,
      headers: await f.bearer('auditor'),
    })
  ).json<{
    kpis: {
      kpiId: string;
      fields: Record<string, { before: unknown; after: unknown }>;
      events: { type: string; reason: string }[];
    }[];
  }>();
  t.same(
    changes.kpis.map((k) => k.kpiId),
    [VISITORS],
    'only the KPI that changed',
  );
  t.match(changes.kpis[0], {
    fields: {
      value: { before: 3990, after: 3995 },
      status: { before: 'preliminary', after: 'final' },
      category: { before: 'moderate', after: 'on_track' },
    },
    events: [{ type: 'KpiActualCorrected', reason: '確報' }],
    catalogPosition: Number,
  });
  const refused = await f.app.inject({
    method: 'GET',
    url: '/v1/cycles/FY2025/changes?from=yesterday',
    headers: await f.bearer('auditor'),
  });
  t.equal(refused.statusCode, 400);
  for (const query of ['?asOf=yesterday', '?asOfPosition=-1', '?asOfPosition=1&when=now']) {
    const bad = await f.app.inject({
      method: 'GET',
      url: `/v1/cycles/FY2025/summary${query}`,
      headers: await f.bearer('auditor'),
    });
    t.equal(bad.statusCode, 400, query);
    t.match(bad.headers['content-type'], /^application\/problem\+json/);
    t.match(bad.json(), { errors: [{ field: /querystring/ }] });
  }
  const before = await f.app.inject({
    method: 'GET',
    url: `/v1/cycles/FY2025/kpis/${VISITORS}?asOf=2000-01-01T00:00:00Z`,
    headers: await f.bearer('auditor'),
  });
  t.equal(before.statusCode, 404, 'before the KPI existed');
});
