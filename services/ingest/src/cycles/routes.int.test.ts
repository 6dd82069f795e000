import t from 'tap';
import { ingestFixture, type IngestFixture } from '../testing.js';

let f: IngestFixture;
t.before(async () => {
  f = await ingestFixture();
});
t.teardown(() => f.dispose());

const SMART_AGRICULTURE = 'kpi-output-a.u1.k1'; // スマート農業技術の活用割合, fiscal years, owned by MAFF

t.test('the secretariat opens and closes a cycle; a closed cycle refuses reports for its periods', async (t) => {
  const secretariat = await f.bearer('secretariat');
  const maff = await f.bearer('submitter', 'MAFF');
  const opened = await f.app.inject({ method: 'POST', url: '/v1/cycles/FY2025/open', headers: secretariat });
  t.equal(opened.statusCode, 201, opened.body);
  t.match(opened.json(), { fiscalYear: 2025, status: 'open' });
  t.equal(
    (await f.app.inject({ method: 'POST', url: '/v1/cycles/FY2025/open', headers: secretariat })).statusCode,
    409,
  );

  const closed = await f.app.inject({
    method: 'POST',
    url: '/v1/cycles/FY2025/close',
    headers: secretariat,
    payload: { reason: '年次フォローアップ取りまとめ' },
  });
  t.equal(closed.statusCode, 201);
  const since = closed.json<{ since: string }>().since;

  const before = await f.store.store.headPosition();
  const refused = await f.app.inject({
    method: 'POST',
    url: `/v1/kpis/${SMART_AGRICULTURE}/actuals`,
    headers: maff,
    payload: { period: 'FY2025', value: 25, status: 'final' },
  });
  t.equal(refused.statusCode, 409);
  t.match(refused.json(), {
    type: /cycle-closed/,
    fiscalYear: 2025,
    closedSince: since,
    closedReason: '年次フォローアップ取りまとめ',
    detail: /closed since/,
  });
  t.equal(await f.store.store.headPosition(), before, 'nothing appended');
  const otherYear = await f.app.inject({
    method: 'POST',
    url: `/v1/kpis/${SMART_AGRICULTURE}/actuals`,
    headers: maff,
    payload: { period: 'FY2026', value: 30, status: 'preliminary' },
  });
  t.equal(otherYear.statusCode, 201, 'other cycles are unaffected');

  const noReason = await f.app.inject({
    method: 'POST',
    url: '/v1/cycles/FY2025/reopen',
    headers: secretariat,
    payload: {},
  });
  t.equal(noReason.statusCode, 400);
  const reopened = await f.app.inject({
    method: 'POST',
    url: '/v1/cycles/FY2025/reopen',
    headers: secretariat,
    payload: { reason: '確報値の反映' },
  });
  t.equal(reopened.statusCode, 201);
  const accepted = await f.app.inject({
    method: 'POST',
    url: `/v1/kpis/${SMART_AGRICULTURE}/actuals`,
    headers: maff,
    payload: { period: 'FY2025', value: 25, status: 'final' },
  });
  t.equal(accepted.statusCode, 201);
});

t.test('only the secretariat manages cycles', async (t) => {
  for (const headers of [await f.bearer('submitter', 'MAFF'), await f.bearer('auditor')]) {
    const response = await f.app.inject({ method: 'POST', url: '/v1/cycles/FY2030/open', headers });
    t.equal(response.statusCode, 403);
    t.match(response.headers['content-type'], /problem\+json/);
  }
  t.equal(
    (await f.app.inject({ method: 'POST', url: '/v1/cycles/2030x/open', headers: await f.bearer('secretariat') }))
      .statusCode,
    400,
  );
});
