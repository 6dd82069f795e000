import t from 'tap';
import { ingestFixture, type IngestFixture } from '../testing.js';

let f: IngestFixture;
t.before(async () => {
  f = await ingestFixture();
});
t.teardown(() => f.dispose());

const THEATRES = 'roadmap-a.u3.r3'; // 劇場・音楽堂等と芸術団体との連携による地域活動基盤形成支援事業, 文化庁
const url = `/v1/roadmap-items/${THEATRES}/milestones`;

t.test('the owning agency reports milestone progress; each report is kept with its previous status', async (t) => {
  const aca = await f.bearer('submitter', 'ACA');
  const started = await f.app.inject({
    method: 'POST',
    url,
    headers: aca,
    payload: { fiscalYear: 'FY2026', status: 'in_progress', note: '補助金事業の実施' },
  });
  t.equal(started.statusCode, 201, started.body);
  const done = await f.app.inject({
    method: 'POST',
    url,
    headers: aca,
    payload: { fiscalYear: 'FY2026', status: 'completed', evidenceUrl: 'https://www.bunka.go.jp/' },
  });
  t.equal(done.statusCode, 201);
  t.equal(done.json<{ streamVersion: number }>().streamVersion, 1);
  const events = await f.store.store.readStream(`milestone-${THEATRES}@FY2026`);
  t.match(
    events.map((e) => e.data),
    [
      { status: 'in_progress', previousStatus: null, note: '補助金事業の実施' },
      { status: 'completed', previousStatus: 'in_progress', evidenceUrl: 'https://www.bunka.go.jp/' },
    ],
  );
  t.match(events[0]?.metadata, { role: 'submitter', ministry: 'ACA', note: '補助金事業の実施', schemaVersion: 1 });
});

t.test('refusals are problem documents and append nothing', async (t) => {
  const before = await f.store.store.headPosition();
  const aca = await f.bearer('submitter', 'ACA');
  const cases: [Record<string, string>, unknown, number, string?][] = [
    [await f.bearer('submitter', 'MLIT'), { fiscalYear: 'FY2026', status: 'delayed' }, 403],
    [await f.bearer('auditor'), { fiscalYear: 'FY2026', status: 'delayed' }, 403],
    [aca, { fiscalYear: 'FY2026', status: 'finished' }, 400, 'body.status'],
    [aca, { fiscalYear: '2026', status: 'delayed' }, 400, 'body.fiscalYear'],
    [aca, { fiscalYear: 'FY2024', status: 'delayed' }, 422, 'fiscalYear'],
    [aca, { fiscalYear: 'FY2026', status: 'delayed', evidenceUrl: 'ftp://x' }, 422, 'evidenceUrl'],
  ];
  for (const [headers, payload, status, field] of cases) {
    const response = await f.app.inject({ method: 'POST', url, headers, payload: payload as object });
    t.equal(response.statusCode, status, JSON.stringify(payload));
    t.match(response.headers['content-type'], /problem\+json/);
    if (field) t.match(response.json(), { errors: [{ field }] });
  }
  const unknown = await f.app.inject({
    method: 'POST',
    url: '/v1/roadmap-items/roadmap-nope/milestones',
    headers: aca,
    payload: { fiscalYear: 'FY2026', status: 'delayed' },
  });
  t.equal(unknown.statusCode, 404);
  t.equal(await f.store.store.headPosition(), before);
});

t.test('the secretariat reports on behalf; a retry with the same Idempotency-Key appends once', async (t) => {
  const secretariat = { ...(await f.bearer('secretariat')), 'idempotency-key': 'milestone-2027' };
  const payload = { fiscalYear: 'FY2027', status: 'not_started' };
  const first = await f.app.inject({ method: 'POST', url, headers: secretariat, payload });
  const retry = await f.app.inject({ method: 'POST', url, headers: secretariat, payload });
  t.equal(first.statusCode, 201);
  t.same(retry.json(), first.json());
  const events = await f.store.store.readStream(`milestone-${THEATRES}@FY2027`);
  t.equal(events.length, 1);
  t.match(events[0]?.metadata, { role: 'secretariat', onBehalfOf: 'ACA' });
});
