import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { ingestFixture, type IngestFixture } from '../testing.js';

// Each instance keeps its own caches (catalog and cycles in memory, the last state of actual streams);
// these tests prove that what another instance wrote is never overruled by a stale cache.
let f: IngestFixture;
let other: FastifyInstance;
t.before(async () => {
  f = await ingestFixture();
  other = await f.anotherInstance();
});
t.teardown(() => f.dispose());

const VISITORS = 'kpi-outcome-a-4.1'; // 訪日外国人旅行者数, owned by JTA, calendar years
const post = (app: FastifyInstance, url: string, payload: object, headers: Record<string, string>) =>
  app.inject({ method: 'POST', url, payload, headers });

/** Retries `probe` until it holds, for changes another instance learns through its subscription. */
async function eventually(probe: () => Promise<boolean>, ms = 3000): Promise<boolean> {
  for (const deadline = Date.now() + ms; Date.now() < deadline;) {
    if (await probe()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return probe();
}

t.test('a period reported through another instance cannot be reported again here', async (t) => {
  const jta = await f.bearer('submitter', 'JTA');
  const first = await post(
    other,
    `/v1/kpis/${VISITORS}/actuals`,
    { period: 'CY2019', value: 3188, status: 'final' },
    jta,
  );
  t.equal(first.statusCode, 201);
  const again = await post(f.app, `/v1/kpis/${VISITORS}/actuals`, { period: 'CY2019', value: 1, status: 'final' }, jta);
  t.equal(again.statusCode, 409, again.body);
  t.match(again.json(), { detail: /already reported/ });
  t.equal((await f.store.store.readStream(`actual-${VISITORS}@CY2019`)).length, 1, 'nothing appended');
});

t.test('If-Match is checked against the stream, not against what this instance saw last', async (t) => {
  const jta = await f.bearer('submitter', 'JTA');
  const url = `/v1/kpis/${VISITORS}/actuals`;
  t.equal((await post(f.app, url, { period: 'CY2018', value: 3000, status: 'preliminary' }, jta)).statusCode, 201);
  const corrections = `${url}/CY2018/corrections`;
  const elsewhere = await post(other, corrections, { value: 3119, reason: '確報' }, { ...jta, 'if-match': '"0"' });
  t.equal(elsewhere.statusCode, 201);
  // This instance last saw version 0; the stream is at 1.
  const stale = await post(f.app, corrections, { value: 1, reason: '古い版' }, { ...jta, 'if-match': '"0"' });
  t.equal(stale.statusCode, 412);
  const current = await post(f.app, corrections, { value: 3119.2, reason: '再集計' }, { ...jta, 'if-match': '"1"' });
  t.equal(current.statusCode, 201, current.body);
  t.equal(current.json<{ streamVersion: number }>().streamVersion, 2);
});

t.test('an owner reassigned through another instance bites here within the subscription delay', async (t) => {
  const secretariat = await f.bearer('secretariat');
  const jta = await f.bearer('submitter', 'JTA');
  const reassigned = await other.inject({
    method: 'PUT',
    url: `/v1/kpis/${VISITORS}/owner`,
    headers: secretariat,
    payload: { ministry: 'MLIT', reason: '所管の変更' },
  });
  t.equal(reassigned.statusCode, 200);
  const refused = await eventually(async () => {
    const response = await post(
      f.app,
      `/v1/kpis/${VISITORS}/actuals`,
      // Outside the plan: 422 while JTA owns it, 403 once it does not, never appended either way.
      { period: 'CY2040', value: 1, status: 'final' },
      jta,
    );
    return response.statusCode === 403 && /MLIT/.test(response.body);
  });
  t.ok(refused, 'JTA may no longer report');
});

t.test('a cycle closed through another instance refuses submissions here', async (t) => {
  const secretariat = await f.bearer('secretariat');
  const mlit = await f.bearer('submitter', 'MLIT');
  t.equal((await post(other, '/v1/cycles/FY2023/open', {}, secretariat)).statusCode, 201);
  t.equal((await post(other, '/v1/cycles/FY2023/close', { reason: '締切' }, secretariat)).statusCode, 201);
  const refused = await eventually(async () => {
    const response = await post(
      f.app,
      `/v1/kpis/${VISITORS}/actuals`,
      // An unknown component: 422 while the cycle is open, 409 once closed, never appended either way.
      { period: 'CY2023', value: 2507, status: 'final', component: '不明' },
      mlit,
    );
    return response.statusCode === 409 && /closed/.test(response.body) && /締切/.test(response.body);
  });
  t.ok(refused, 'the closed cycle refuses, saying why');
});

t.test('an instance is ready once it holds the catalog and cycles in memory', async (t) => {
  const ready = await eventually(async () => (await other.inject({ method: 'GET', url: '/ready' })).statusCode === 200);
  t.ok(ready);
  const body = (await other.inject({ method: 'GET', url: '/ready' })).json<{
    checks: { name: string; ok: boolean }[];
  }>();
  t.match(body.checks, [{ name: 'postgres' }, { name: 'eventStore' }, { name: 'catalogInMemory', ok: true }]);
});
