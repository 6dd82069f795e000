import t from 'tap';
import type { InjectOptions } from 'fastify';
import { ingestFixture, type IngestFixture } from './testing.js';

// Who may call what: every route × every kind of caller. A refusal is a problem document and appends
// nothing; an allowed call gets through authorization (its own outcome is tested beside the route).
let f: IngestFixture;
t.before(async () => {
  f = await ingestFixture();
});
t.teardown(() => f.dispose());

type Caller = 'anonymous' | 'unknown token' | 'auditor' | 'owning submitter' | 'other submitter' | 'secretariat';
const CALLERS: readonly Caller[] = [
  'anonymous',
  'unknown token',
  'auditor',
  'owning submitter',
  'other submitter',
  'secretariat',
];

const VISITORS = 'kpi-outcome-a-4.1'; // 訪日外国人旅行者数, owned by JTA
const THEATRES = 'roadmap-a.u3.r3'; // owned by 文化庁 (ACA)
const SHOPPING = 'kpi-outcome-c-2'; // no owner yet

interface Route {
  readonly name: string;
  /** The ministry owning what the route writes; null where ownership plays no part. */
  readonly owner: string | null;
  /** The request a caller makes; `n` keeps each allowed call distinct (a fresh period, say). */
  readonly request: (n: number) => InjectOptions;
  /** Callers that get through; anybody else is refused with 401 (no valid token) or 403. */
  readonly allowed: readonly Caller[];
  /** The status an allowed caller gets, where not 2xx: bulk rows it does not own are row errors. */
  readonly statusFor?: Partial<Record<Caller, number>>;
}

const writers: readonly Caller[] = ['owning submitter', 'secretariat'];
const secretariatOnly: readonly Caller[] = ['secretariat'];
const target = {
  form: { kind: 'percentage', percent: 20, comparator: 'lte' },
  polarity: 'decrease',
  due: { basis: 'calendar_year', year: 2029 },
  raw: '20%以下（2029年）',
};
const ROUTES: readonly Route[] = [
  {
    name: 'report an actual',
    owner: 'JTA',
    allowed: writers,
    request: (n) => ({
      method: 'POST',
      url: `/v1/kpis/${VISITORS}/actuals`,
      payload: { period: `CY${2020 + n}`, value: 1000 + n, status: 'final' },
    }),
  },
  {
    name: 'correct an actual',
    owner: 'JTA',
    allowed: writers,
    request: (n) => ({
      method: 'POST',
      url: `/v1/kpis/${VISITORS}/actuals/CY2016/corrections`,
      payload: { value: 2400 + n, reason: '再集計' },
    }),
  },
  {
    name: 'retract an actual',
    owner: 'JTA',
    allowed: writers,
    request: (n) => ({
      method: 'POST',
      url: `/v1/kpis/${VISITORS}/actuals/CY${2017 + n}/retractions`,
      payload: { reason: '誤報告' },
    }),
  },
  {
    name: 'report a milestone',
    owner: 'ACA',
    allowed: writers,
    request: (n) => ({
      method: 'POST',
      url: `/v1/roadmap-items/${THEATRES}/milestones`,
      payload: { fiscalYear: `FY${2026 + n}`, status: 'in_progress' },
    }),
  },
  {
    name: 'bulk submission',
    owner: 'JTA',
    allowed: [...writers, 'other submitter'],
    statusFor: { 'other submitter': 422 },
    request: (n) => ({
      method: 'POST',
      url: '/v1/submissions',
      payload: { rows: [{ kind: 'actual', id: VISITORS, period: `CY${2027 + n}`, value: 5000, status: 'final' }] },
    }),
  },
  {
    name: 'download the XLSX template',
    owner: null,
    allowed: ['owning submitter', 'other submitter', 'secretariat'],
    request: () => ({ method: 'GET', url: '/v1/submissions/template.xlsx?cycle=FY2025' }),
  },
  {
    name: 'download the CSV template',
    owner: null,
    allowed: ['owning submitter', 'other submitter', 'secretariat'],
    request: () => ({ method: 'GET', url: '/v1/submissions/template.csv?cycle=FY2025' }),
  },
  ...(['open', 'close', 'reopen'] as const).map((action): Route => ({
    name: `${action} a cycle`,
    owner: null,
    allowed: secretariatOnly,
    request: () => ({ method: 'POST', url: `/v1/cycles/FY2019/${action}`, payload: { reason: '年度の区切り' } }),
  })),
  {
    name: "set a KPI's target",
    owner: null,
    allowed: secretariatOnly,
    request: () => ({ method: 'PUT', url: `/v1/kpis/${SHOPPING}/target`, payload: { target, reason: '調査結果' } }),
  },
  {
    name: "set a KPI's baseline",
    owner: null,
    allowed: secretariatOnly,
    request: () => ({
      method: 'PUT',
      url: `/v1/kpis/${SHOPPING}/baseline`,
      payload: { baseline: { value: 27.5, at: { basis: 'calendar_year', year: 2026 } }, reason: '調査結果' },
    }),
  },
  {
    name: "assign a KPI's owner",
    owner: null,
    allowed: secretariatOnly,
    request: () => ({ method: 'PUT', url: `/v1/kpis/${VISITORS}/owner`, payload: { ministry: 'JTA', reason: '確認' } }),
  },
  {
    name: "assign a roadmap item's owner",
    owner: null,
    allowed: secretariatOnly,
    request: () => ({
      method: 'PUT',
      url: `/v1/roadmap-items/${THEATRES}/owner`,
      payload: { ministry: 'ACA', reason: '確認' },
    }),
  },
  {
    name: 'who am I',
    owner: null,
    allowed: ['auditor', 'owning submitter', 'other submitter', 'secretariat'],
    request: () => ({ method: 'GET', url: '/v1/me' }),
  },
];

async function headersOf(caller: Caller, owner: string | null): Promise<Record<string, string>> {
  switch (caller) {
    case 'anonymous':
      return {};
    case 'unknown token':
      return { authorization: 'Bearer pdca_not-a-token' };
    case 'auditor':
      return f.bearer('auditor');
    case 'owning submitter':
      return f.bearer('submitter', owner ?? 'JTA');
    case 'other submitter':
      return f.bearer('submitter', owner === 'MLIT' ? 'MAFF' : 'MLIT');
    case 'secretariat':
      return f.bearer('secretariat');
  }
}

t.test('the periods corrected and retracted below are reported first', async (t) => {
  const jta = await f.bearer('submitter', 'JTA');
  for (const period of ['CY2016', 'CY2017', 'CY2018']) {
    const response = await f.app.inject({
      method: 'POST',
      url: `/v1/kpis/${VISITORS}/actuals`,
      headers: jta,
      payload: { period, value: 2000, status: 'preliminary' },
    });
    t.equal(response.statusCode, 201);
  }
});

for (const route of ROUTES) {
  t.test(route.name, async (t) => {
    let allowedCalls = 0;
    for (const caller of CALLERS) {
      const request = route.request(allowedCalls);
      const headers = { ...(request.headers as Record<string, string>), ...(await headersOf(caller, route.owner)) };
      const before = await f.store.store.headPosition();
      const response = await f.app.inject({ ...request, headers });
      const label = `${caller}: ${response.statusCode} ${/json/.test(String(response.headers['content-type'])) ? response.body.slice(0, 300) : ''}`;
      if (route.allowed.includes(caller)) {
        allowedCalls += 1;
        const expected = route.statusFor?.[caller];
        if (expected) t.equal(response.statusCode, expected, label);
        else t.ok(response.statusCode >= 200 && response.statusCode < 300, label);
        continue;
      }
      const status = caller === 'anonymous' || caller === 'unknown token' ? 401 : 403;
      t.equal(response.statusCode, status, label);
      t.match(response.headers['content-type'], /^application\/problem\+json/, `${caller}: problem+json`);
      t.equal(await f.store.store.headPosition(), before, `${caller}: nothing appended`);
    }
  });
}

t.test('a bulk row for a KPI another ministry owns names the row and the owner, and appends nothing', async (t) => {
  const before = await f.store.store.headPosition();
  const response = await f.app.inject({
    method: 'POST',
    url: '/v1/submissions',
    headers: await f.bearer('submitter', 'MLIT'),
    payload: { rows: [{ kind: 'actual', id: VISITORS, period: 'CY2029', value: 1, status: 'final' }] },
  });
  t.equal(response.statusCode, 422);
  t.match(response.json(), { errors: [{ row: 1, column: 'id', reason: /owned by JTA/ }] });
  t.equal(await f.store.store.headPosition(), before);
});
