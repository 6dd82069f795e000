import t from 'tap';
import { ingestFixture, type IngestFixture } from '../testing.js';

let f: IngestFixture;
t.before(async () => {
  f = await ingestFixture();
});
t.teardown(() => f.dispose());

const VISITORS = 'kpi-outcome-a-4.1'; // 訪日外国人旅行者数, owned by JTA, calendar years
const post = async (url: string, payload: unknown, headers: Record<string, string>) =>
  f.app.inject({ method: 'POST', url, payload: payload as object, headers });
const head = () => f.store.store.headPosition();

t.test('the owning ministry reports an actual: 201 after the event is stored, with its metadata', async (t) => {
  const jta = await f.bearer('submitter', 'JTA');
  const response = await post(
    `/v1/kpis/${VISITORS}/actuals`,
    { period: 'CY2024', value: 3687, status: 'final', source: '日本政府観光局（JNTO）', note: '確報値' },
    { ...jta, 'x-request-id': 'req-1' },
  );
  t.equal(response.statusCode, 201, response.body);
  const body = response.json<{ eventId: string; position: number; streamVersion: number }>();
  t.equal(body.streamVersion, 0);
  const [event] = await f.store.store.readStream(`actual-${VISITORS}@CY2024`);
  t.equal(event?.eventId, body.eventId);
  t.equal(event?.position, body.position);
  t.match(event, {
    type: 'KpiActualReported',
    data: { kpiId: VISITORS, period: 'CY2024', value: 3687, status: 'final', source: '日本政府観光局（JNTO）' },
    metadata: { role: 'submitter', ministry: 'JTA', onBehalfOf: null, note: '確報値', schemaVersion: 1 },
  });
  t.ok(
    event?.metadata.actor && event.metadata.occurredAt && event.metadata.requestId,
    'actor, time and request id recorded',
  );
});

t.test('bad input is a problem document naming the field, and appends nothing', async (t) => {
  const jta = await f.bearer('submitter', 'JTA');
  const before = await head();
  const cases: [unknown, number, RegExp][] = [
    [{ value: 1, status: 'final' }, 400, /period/],
    [{ period: 'CY2025', value: 'many', status: 'final' }, 400, /value/],
    [{ period: 'CY2025', value: 1, status: 'approximate' }, 400, /status/],
    [{ period: 'CY2025', value: 1, status: 'final', unit: '人' }, 400, /unit|additional/],
    [{ period: 'FY2025', value: 1, status: 'final' }, 422, /calendar year \(年\): use CY2025/],
    [{ period: 'CY2040', value: 1, status: 'final' }, 422, /outside the plan/],
    [{ period: 'CY2025', value: 1, status: 'final', component: '輸出額' }, 422, /component/],
  ];
  for (const [payload, status, detail] of cases) {
    const response = await post(`/v1/kpis/${VISITORS}/actuals`, payload, jta);
    t.equal(response.statusCode, status, JSON.stringify(payload));
    t.match(response.headers['content-type'], /^application\/problem\+json/);
    t.match(response.json(), { status, detail });
    t.ok(response.json<{ errors: unknown[] }>().errors.length > 0, 'names the field');
  }
  const unknown = await post('/v1/kpis/kpi-nope/actuals', { period: 'CY2025', value: 1, status: 'final' }, jta);
  t.equal(unknown.statusCode, 404);
  const huge = await f.app.inject({
    method: 'POST',
    url: `/v1/kpis/${VISITORS}/actuals`,
    headers: { ...jta, 'content-type': 'application/json' },
    payload: `{"period":"CY2025","value":1,"status":"final","note":"${'x'.repeat(2_000_000)}"}`,
  });
  t.equal(huge.statusCode, 413);
  t.equal(await head(), before, 'nothing was appended');
});

t.test('authorization: other ministries and auditors are refused, the secretariat reports on behalf', async (t) => {
  const before = await head();
  const maff = await post(
    `/v1/kpis/${VISITORS}/actuals`,
    { period: 'CY2025', value: 1, status: 'final' },
    await f.bearer('submitter', 'MAFF'),
  );
  t.equal(maff.statusCode, 403);
  t.match(maff.json(), { detail: /owned by JTA, not MAFF/ });
  const auditor = await post(
    `/v1/kpis/${VISITORS}/actuals`,
    { period: 'CY2025', value: 1, status: 'final' },
    await f.bearer('auditor'),
  );
  t.equal(auditor.statusCode, 403);
  const anonymous = await post(`/v1/kpis/${VISITORS}/actuals`, { period: 'CY2025', value: 1, status: 'final' }, {});
  t.equal(anonymous.statusCode, 401);
  t.equal(await head(), before, 'refusals append nothing');
  const secretariat = await post(
    `/v1/kpis/${VISITORS}/actuals`,
    { period: 'CY2025', value: 4270, status: 'preliminary' },
    await f.bearer('secretariat'),
  );
  t.equal(secretariat.statusCode, 201);
  const [event] = await f.store.store.readStream(`actual-${VISITORS}@CY2025`);
  t.match(event?.metadata, { role: 'secretariat', onBehalfOf: 'JTA' });
});

t.test('Idempotency-Key: a retry returns the original response; another body with the key is 422', async (t) => {
  const jta = await f.bearer('submitter', 'JTA');
  const payload = { period: 'CY2026', value: 4500, status: 'preliminary' };
  const first = await post(`/v1/kpis/${VISITORS}/actuals`, payload, { ...jta, 'idempotency-key': 'report-2026' });
  const before = await head();
  const retry = await post(`/v1/kpis/${VISITORS}/actuals`, payload, { ...jta, 'idempotency-key': 'report-2026' });
  t.equal(retry.statusCode, 201);
  t.same(retry.json(), first.json());
  t.equal(await head(), before, 'the retry appended nothing');
  const other = await post(
    `/v1/kpis/${VISITORS}/actuals`,
    { ...payload, value: 4600 },
    { ...jta, 'idempotency-key': 'report-2026' },
  );
  t.equal(other.statusCode, 422);
  t.match(other.json(), { errors: [{ field: 'Idempotency-Key' }] });
  const elsewhere = await post(
    `/v1/kpis/${VISITORS}/actuals`,
    { ...payload, period: 'CY2029' },
    { ...jta, 'idempotency-key': 'report-2026' },
  );
  t.equal(elsewhere.statusCode, 422, 'the key on another period');
  t.equal(await head(), before, 'neither appended anything');
});

t.test('Idempotency-Key on corrections: a retry after the stream moved on still gets its own answer', async (t) => {
  const jta = await f.bearer('submitter', 'JTA');
  const url = `/v1/kpis/${VISITORS}/actuals`;
  await post(url, { period: 'CY2015', value: 1900, status: 'preliminary' }, jta);
  const keyed = { ...jta, 'idempotency-key': 'correct-2015' };
  const first = await post(`${url}/CY2015/corrections`, { value: 1973, reason: '確報' }, keyed);
  t.equal(first.statusCode, 201);
  await post(`${url}/CY2015/corrections`, { value: 1974, reason: '再集計' }, jta);
  const before = await head();
  const retry = await post(`${url}/CY2015/corrections`, { value: 1973, reason: '確報' }, keyed);
  t.equal(retry.statusCode, 201);
  t.same(retry.json(), first.json());
  const reused = await post(`${url}/CY2015/corrections`, { value: 1, reason: '別の訂正' }, keyed);
  t.equal(reused.statusCode, 422, 'the same key for another correction of the same period');
  t.equal(await head(), before, 'the retry and the reuse appended nothing');
  const [, , latest] = await f.store.store.readStream(`actual-${VISITORS}@CY2015`);
  t.match(latest?.data, { value: 1974 });
});

t.test('corrections and retractions: a reason, If-Match, and racing corrections', async (t) => {
  const jta = await f.bearer('submitter', 'JTA');
  await post(`/v1/kpis/${VISITORS}/actuals`, { period: 'CY2027', value: 4800, status: 'preliminary' }, jta);
  const again = await post(`/v1/kpis/${VISITORS}/actuals`, { period: 'CY2027', value: 4850, status: 'final' }, jta);
  t.equal(again.statusCode, 409, 'a second report must be a correction');
  const noReason = await post(`/v1/kpis/${VISITORS}/actuals/CY2027/corrections`, { value: 4850 }, jta);
  t.equal(noReason.statusCode, 400);
  t.match(noReason.json(), { errors: [{ field: /reason/ }] });
  const stale = await post(
    `/v1/kpis/${VISITORS}/actuals/CY2027/corrections`,
    { value: 4850, reason: '確報値' },
    { ...jta, 'if-match': '"5"' },
  );
  t.equal(stale.statusCode, 412);

  const racing = await Promise.all([
    post(
      `/v1/kpis/${VISITORS}/actuals/CY2027/corrections`,
      { value: 4850, reason: '確報値', status: 'final' },
      { ...jta, 'if-match': '"0"' },
    ),
    post(
      `/v1/kpis/${VISITORS}/actuals/CY2027/corrections`,
      { value: 4860, reason: '再集計', status: 'final' },
      { ...jta, 'if-match': '"0"' },
    ),
  ]);
  t.same(racing.map((r) => r.statusCode).sort(), [201, 412], 'one wins, one is told its version is stale');

  const retracted = await post(
    `/v1/kpis/${VISITORS}/actuals/CY2027/retractions`,
    { reason: '集計誤りのため取下げ' },
    jta,
  );
  t.equal(retracted.statusCode, 201);
  const events = await f.store.store.readStream(`actual-${VISITORS}@CY2027`);
  t.same(
    events.map((e) => e.type),
    ['KpiActualReported', 'KpiActualCorrected', 'KpiActualRetracted'],
  );
  t.match(events[2]?.data, { reason: '集計誤りのため取下げ' });
  const nothing = await post(`/v1/kpis/${VISITORS}/actuals/CY2030/retractions`, { reason: 'x' }, jta);
  t.equal(nothing.statusCode, 409);
});
