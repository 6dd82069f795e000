import t from 'tap';
import { VISITORS_TARGET_4500, type Who } from '@pdca/projections/testing';
import { reportsFixture, type ReportsFixture } from '../testing.js';

const VISITORS = 'kpi-outcome-a-4.1';
const THEATRES = 'roadmap-a.u3.r3';
let f: ReportsFixture;
const positions: Record<string, number> = {};
t.before(async () => {
  f = await reportsFixture();
  const jta: Who = { name: 'submitter-JTA', role: 'submitter', ministry: 'JTA' };
  const sec: Who = { name: 'secretariat-1', role: 'secretariat', ministry: null, onBehalfOf: 'JTA' };
  const actual = (period: string, type: string, data: object, who = jta) =>
    f.ledger.append(`actual-${VISITORS}@${period}`, type, { kpiId: VISITORS, period, component: null, ...data }, who);
  positions.report = await actual('CY2025', 'KpiActualReported', {
    value: 3990,
    status: 'preliminary',
    source: null,
    note: '速報',
  });
  positions.correction = await actual(
    'CY2025',
    'KpiActualCorrected',
    { value: 3995, previousValue: 3990, status: 'final', reason: '確報値に更新' },
    sec,
  );
  positions.target = await f.ledger.append(VISITORS, 'KpiTargetRevised', {
    kind: 'kpi',
    id: VISITORS,
    facet: 'target',
    value: VISITORS_TARGET_4500,
    reason: '目標の見直し',
  });
  positions.retraction = await actual('CY2025', 'KpiActualRetracted', { previousValue: 3995, reason: '集計誤り' });
  for (const [status, previous] of [
    ['in_progress', null],
    ['delayed', 'in_progress'],
  ] as const)
    await f.ledger.append(
      `milestone-${THEATRES}@FY2026`,
      'MilestoneStatusReported',
      { itemId: THEATRES, fiscalYear: 2026, status, previousStatus: previous, note: null, evidenceUrl: null },
      { name: 'submitter-ACA', role: 'submitter', ministry: 'ACA' },
    );
  await f.settled();
});
t.teardown(() => f.dispose());

type History = {
  history: {
    type: string;
    subject: string;
    before: unknown;
    after: unknown;
    reason: string | null;
    actor: string;
    onBehalfOf: string | null;
  }[];
  resolvedPosition: number;
};

t.test("a KPI's history: definitions, revisions and actuals, with who, why, before and after", async (t) => {
  const auditor = await f.bearer('auditor');
  const response = await f.app.inject({ method: 'GET', url: `/v1/kpis/${VISITORS}/history`, headers: auditor });
  t.equal(response.statusCode, 200, response.body);
  const { history, resolvedPosition } = response.json<History>();
  t.equal(resolvedPosition, positions.retraction);
  t.match(history.slice(0, 2), [
    { type: 'KpiDefined', subject: 'definition', before: null },
    { type: 'KpiTargetSet', subject: 'target', before: null },
  ]);
  const recent = history.slice(-4);
  t.match(recent, [
    {
      type: 'KpiActualReported',
      subject: 'CY2025',
      before: null,
      after: { value: 3990, status: 'preliminary' },
      actor: 'submitter-JTA',
    },
    {
      type: 'KpiActualCorrected',
      before: { value: 3990 },
      after: { value: 3995, status: 'final' },
      reason: '確報値に更新',
      actor: 'secretariat-1',
      onBehalfOf: 'JTA',
    },
    {
      type: 'KpiTargetRevised',
      subject: 'target',
      before: { raw: '6,000 万人（2030 年）' },
      after: { raw: '4,500 万人（2030 年）' },
      reason: '目標の見直し',
    },
    { type: 'KpiActualRetracted', before: { value: 3995 }, after: null, reason: '集計誤り' },
  ]);
});

t.test('as of a position: exactly the history up to it', async (t) => {
  const auditor = await f.bearer('auditor');
  const response = await f.app.inject({
    method: 'GET',
    url: `/v1/kpis/${VISITORS}/history?asOfPosition=${positions.correction}`,
    headers: auditor,
  });
  const { history, resolvedPosition } = response.json<History>();
  t.equal(resolvedPosition, positions.correction);
  t.equal(history.at(-1)?.type, 'KpiActualCorrected');
  t.notOk(
    history.some((h) => h.type === 'KpiTargetRevised'),
    'the later revision is not there yet',
  );
  const early = await f.app.inject({
    method: 'GET',
    url: `/v1/kpis/${VISITORS}/history?asOf=2000-01-01T00:00:00Z`,
    headers: auditor,
  });
  t.equal(early.statusCode, 404, 'the KPI did not exist yet');
  t.equal(
    (
      await f.app.inject({
        method: 'GET',
        url: `/v1/kpis/${VISITORS}/history`,
        headers: await f.bearer('submitter', 'JTA'),
      })
    ).statusCode,
    403,
  );
});

t.test("a roadmap item's history", async (t) => {
  const auditor = await f.bearer('auditor');
  const { history } = (
    await f.app.inject({ method: 'GET', url: `/v1/roadmap-items/${THEATRES}/history`, headers: auditor })
  ).json<History>();
  t.match(history.slice(-2), [
    { type: 'MilestoneStatusReported', subject: 'FY2026', before: null, after: 'in_progress' },
    { type: 'MilestoneStatusReported', subject: 'FY2026', before: 'in_progress', after: 'delayed' },
  ]);
});
