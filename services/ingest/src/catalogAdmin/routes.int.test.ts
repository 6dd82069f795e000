import t from 'tap';
import { ingestFixture, type IngestFixture } from '../testing.js';

let f: IngestFixture;
t.before(async () => {
  f = await ingestFixture();
});
t.teardown(() => f.dispose());

const SHOPPING = 'kpi-outcome-c-2'; // 買物に困難を感じている人の割合: target pending a survey, no owner

t.test('a target waiting for a survey is set by the secretariat, then the owner it assigns reports', async (t) => {
  const secretariat = await f.bearer('secretariat');
  const target = {
    form: { kind: 'percentage', percent: 20, comparator: 'lte' },
    polarity: 'decrease',
    due: { basis: 'calendar_year', year: 2029 },
    raw: '20%以下（2029年）',
  };
  const set = await f.app.inject({
    method: 'PUT',
    url: `/v1/kpis/${SHOPPING}/target`,
    headers: secretariat,
    payload: { target, reason: '令和8年度調査の結果を踏まえて設定' },
  });
  t.equal(set.statusCode, 200, set.body);
  t.match(set.json(), { changed: true });
  const baseline = await f.app.inject({
    method: 'PUT',
    url: `/v1/kpis/${SHOPPING}/baseline`,
    headers: secretariat,
    payload: { baseline: { value: 27.5, at: { basis: 'calendar_year', year: 2026 } }, reason: '調査結果' },
  });
  t.equal(baseline.statusCode, 200);
  const owner = await f.app.inject({
    method: 'PUT',
    url: `/v1/kpis/${SHOPPING}/owner`,
    headers: secretariat,
    payload: { ministry: 'METI', reason: '所管の整理' },
  });
  t.equal(owner.statusCode, 200);
  const same = await f.app.inject({
    method: 'PUT',
    url: `/v1/kpis/${SHOPPING}/owner`,
    headers: secretariat,
    payload: { ministry: 'METI', reason: '再送' },
  });
  t.match(same.json(), { changed: false }, 'an unchanged owner appends nothing');

  const events = await f.store.store.readStream(SHOPPING);
  t.match(
    events.slice(-3).map((e) => [e.type, (e.data as { reason?: string }).reason]),
    [
      ['KpiTargetRevised', '令和8年度調査の結果を踏まえて設定'],
      ['KpiBaselineSet', '調査結果'],
      ['KpiOwnerAssigned', '所管の整理'],
    ],
  );
  const report = await f.app.inject({
    method: 'POST',
    url: `/v1/kpis/${SHOPPING}/actuals`,
    headers: await f.bearer('submitter', 'METI'),
    payload: { period: 'CY2027', value: 25.1, status: 'final' },
  });
  t.equal(report.statusCode, 201, 'the newly assigned ministry may report');
});

t.test('bad input and refusals', async (t) => {
  const secretariat = await f.bearer('secretariat');
  const before = await f.store.store.headPosition();
  const put = (url: string, payload: object, headers = secretariat) =>
    f.app.inject({ method: 'PUT', url, headers, payload });
  t.equal(
    (await put(`/v1/kpis/${SHOPPING}/target`, { target: { form: { kind: 'guess' } }, reason: 'x' })).statusCode,
    400,
  );
  t.equal((await put(`/v1/kpis/${SHOPPING}/owner`, { ministry: 'METI' })).statusCode, 400, 'a reason is required');
  const unknownMinistry = await put(`/v1/kpis/${SHOPPING}/owner`, { ministry: 'NOPE', reason: 'x' });
  t.equal(unknownMinistry.statusCode, 422);
  t.match(unknownMinistry.json(), { errors: [{ field: 'ministry' }] });
  t.equal((await put('/v1/kpis/kpi-nope/owner', { ministry: 'METI', reason: 'x' })).statusCode, 404);
  t.equal(
    (await put(`/v1/kpis/${SHOPPING}/owner`, { ministry: 'METI', reason: 'x' }, await f.bearer('submitter', 'METI')))
      .statusCode,
    403,
  );
  t.equal(await f.store.store.headPosition(), before, 'nothing appended');
});

t.test('reassigning a roadmap item changes who may report its milestones', async (t) => {
  const secretariat = await f.bearer('secretariat');
  const item = 'roadmap-a.u4.r1'; // スポーツによる地域活性化…, スポーツ庁
  const moved = await f.app.inject({
    method: 'PUT',
    url: `/v1/roadmap-items/${item}/owner`,
    headers: secretariat,
    payload: { ministry: 'JTA', reason: '観光庁と共管' },
  });
  t.equal(moved.statusCode, 200);
  const payload = { fiscalYear: 'FY2026', status: 'in_progress' };
  const jsa = await f.app.inject({
    method: 'POST',
    url: `/v1/roadmap-items/${item}/milestones`,
    headers: await f.bearer('submitter', 'JSA'),
    payload,
  });
  t.equal(jsa.statusCode, 403);
  const jta = await f.app.inject({
    method: 'POST',
    url: `/v1/roadmap-items/${item}/milestones`,
    headers: await f.bearer('submitter', 'JTA'),
    payload,
  });
  t.equal(jta.statusCode, 201);
});
