import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { VISITORS_TARGET_4500 } from '@pdca/projections/testing';
import { reportsFixture, type ReportsFixture } from '../testing.js';

const VISITORS = 'kpi-outcome-a-4.1';
const THEATRES = 'roadmap-a.u3.r3';
const NEW_KPI = 'kpi-outcome-a-9.9';
const URLS = [
  `/v1/catalog/kpis/${VISITORS}`,
  '/v1/catalog/kpis?outcome=outcome-a',
  '/v1/catalog/kpis?ministry=MLIT&limit=500',
  '/v1/catalog/roadmap-items?ministry=MEXT&limit=500',
  '/v1/catalog/measures?outcome=outcome-a',
];
let f: ReportsFixture;
let headers: { authorization: string };
const get = async (url: string) =>
  (await f.app.inject({ method: 'GET', url, headers })).json<Record<string, unknown>>();
const at = (url: string, query: string) => `${url}${url.includes('?') ? '&' : '?'}${query}`;
const withoutAsOf = ({ asOf: _, ...rest }: Record<string, unknown>) => rest;

t.before(async () => {
  f = await reportsFixture();
  headers = await f.bearer('submitter', 'JTA');
  await f.settled();
});
t.teardown(() => f.dispose());

t.test('the catalog endpoints answer as of a past moment exactly as they answered then', async (t) => {
  const then = await Promise.all(URLS.map(get));
  const thenPosition = (await f.ledger.store.store.headPosition())!;
  await sleep(20);
  const thenTime = new Date().toISOString();
  await sleep(20);
  await f.ledger.revise('KpiTargetRevised', {
    kind: 'kpi',
    id: VISITORS,
    facet: 'target',
    value: VISITORS_TARGET_4500,
    reason: '目標の見直し',
  });
  await f.ledger.revise('KpiOwnerAssigned', {
    kind: 'kpi',
    id: VISITORS,
    facet: 'owner',
    value: { ministry: 'MLIT', provenance: 'assigned' },
    reason: '所管の変更',
  });
  await f.ledger.revise('RoadmapItemOwnerAssigned', {
    kind: 'roadmap_item',
    id: THEATRES,
    facet: 'owner',
    value: { ministry: 'MEXT', provenance: 'assigned' },
    reason: '所管の変更',
  });
  await f.ledger.revise('KpiDefined', {
    kind: 'kpi',
    id: NEW_KPI,
    facet: 'definition',
    value: { name: '新しい指標', level: 'outcome', parent: 'outcome-a' },
    reason: null,
  });
  await f.settled();
  const now = await Promise.all(URLS.map(get));
  t.match(now[0], { owner_ministry: 'MLIT', target: { raw: '4,500 万人（2030 年）' } }, 'the catalog has changed');
  t.notSame(now, then);

  for (const [i, url] of URLS.entries()) {
    const byPosition = await get(at(url, `asOfPosition=${thenPosition}`));
    t.same(withoutAsOf(byPosition), then[i], `${url} as of position ${thenPosition}`);
    t.match(byPosition.asOf, { asOfPosition: String(thenPosition), resolvedPosition: Number });
    t.ok((byPosition.asOf as { resolvedPosition: number }).resolvedPosition <= thenPosition);
    const byTime = await get(at(url, `asOf=${encodeURIComponent(thenTime)}`));
    t.same(withoutAsOf(byTime), then[i], `${url} as of ${thenTime}`);
    t.same(withoutAsOf(await get(at(url, `asOf=${encodeURIComponent(new Date().toISOString())}`))), now[i]);
  }

  const before = await f.app.inject({
    method: 'GET',
    url: `/v1/catalog/kpis/${NEW_KPI}?asOfPosition=${thenPosition}`,
    headers,
  });
  t.equal(before.statusCode, 404, 'a KPI defined later did not exist then');
  t.equal((await f.app.inject({ method: 'GET', url: `/v1/catalog/kpis/${NEW_KPI}`, headers })).statusCode, 200);
  const bad = await f.app.inject({ method: 'GET', url: '/v1/catalog/measures?asOf=yesterday', headers });
  t.equal(bad.statusCode, 400);
  t.match(bad.json(), { errors: [{ field: /asOf/ }] });
});
