import { randomUUID } from 'node:crypto';
import t from 'tap';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { sealedAt } from '@pdca/eventstore';
import { testDatabaseUrl } from '@pdca/eventstore/testing';
import { Kysely, PostgresDialect } from 'kysely';
import { ReadModels } from '../readModels/readModels.js';
import { NIGHTS, reportActual, reportsFixture, seedVisitors, VISITORS, type ReportsFixture } from '../testing.js';
import { generateReport } from './generateReport.js';
import { FollowUpReportSchema, type FollowUpReport } from './reportModel.js';

// The sandboxed processor is a child process configured from the environment, like in production.
process.env.DATABASE_URL = testDatabaseUrl();

let f: ReportsFixture;
let reportId: string;
let status: {
  status: string;
  position: number;
  generatedAt: string;
  artifacts: { format: string; sha256: string; url: string }[];
};

const actual = (kpiId: string, period: string, type: string, data: object) =>
  reportActual(f, kpiId, period, type, data);

t.before(async () => {
  f = await reportsFixture({ reportQueueName: `test-reports-${randomUUID()}` });
  await seedVisitors(f);
  await actual(VISITORS, 'CY2025', 'KpiActualCorrected', {
    value: 3995,
    previousValue: 3990,
    status: 'final',
    reason: '確報値に更新',
  });
  await actual(NIGHTS, 'CY2025', 'KpiActualReported', { value: 0.95, status: 'final', source: null, note: null });
  await actual(NIGHTS, 'CY2025', 'KpiActualRetracted', { previousValue: 0.95, reason: '集計誤り' });
  await f.ledger.append('cycle-FY2025', 'CycleOpened', { fiscalYear: 2025, at: '2025-04-01T00:00:00.000Z', by: 's' });
  await f.settled();
});
t.teardown(() => f.dispose());

t.test('the secretariat requests the report; a job builds every format', async (t) => {
  const secretariat = await f.bearer('secretariat');
  const submitter = await f.bearer('submitter', 'JTA');
  const refused = await f.app.inject({
    method: 'POST',
    url: '/v1/reports',
    headers: submitter,
    payload: { cycle: 'FY2025' },
  });
  t.equal(refused.statusCode, 403);
  const bad = await f.app.inject({
    method: 'POST',
    url: '/v1/reports',
    headers: secretariat,
    payload: { cycle: 'FY2025', formats: ['pdf'] },
  });
  t.equal(bad.statusCode, 400);
  const payload = { cycle: 'FY2025', formats: ['html', 'xlsx', 'csv', 'json'] };
  const requested = await f.app.inject({ method: 'POST', url: '/v1/reports', headers: secretariat, payload });
  t.equal(requested.statusCode, 202, requested.body);
  reportId = requested.json<{ reportId: string }>().reportId;
  const again = await f.app.inject({
    method: 'POST',
    url: '/v1/reports',
    headers: secretariat,
    payload: { cycle: 'FY2025', formats: ['json', 'csv', 'xlsx', 'html'] },
  });
  t.equal(again.json<{ reportId: string }>().reportId, reportId, 'the same request is the same report and job');

  status = await f.reportDone(reportId);
  t.equal(status.status, 'completed', JSON.stringify(status));
  t.ok(status.position > 0, 'records the position it was built at');
  const json = (
    await f.app.inject({
      method: 'GET',
      url: `/v1/reports/${reportId}/artifacts/json`,
      headers: secretariat,
    })
  ).json<FollowUpReport>();
  t.match(json.dataAsOf.seal, { chain: /^[0-9a-f]{64}$/ }, 'and the hash-chain head there');
  const verified = (
    await f.app.inject({ method: 'GET', url: '/v1/audit/verify', headers: await f.bearer('auditor') })
  ).json<{
    ok: boolean;
    sealedThrough: number;
  }>();
  t.equal(verified.ok, true, 'the log behind it verifies');
  t.ok(verified.sealedThrough >= json.dataAsOf.seal!.position);
  t.same(
    status.artifacts.map((a) => a.format),
    ['csv', 'html', 'json', 'xlsx'],
  );
  t.ok(status.artifacts.every((a) => /^[0-9a-f]{64}$/.test(a.sha256)));
  const metrics = await f.app.inject({ method: 'GET', url: '/metrics' });
  t.match(metrics.body, /pdca_report_jobs_total\{outcome="completed"\} [1-9]/);
  t.match(metrics.body, /pdca_read_model_position \d+/);
});

const download = async (format: string) => {
  const response = await f.app.inject({
    method: 'GET',
    url: `/v1/reports/${reportId}/artifacts/${format}`,
    headers: await f.bearer('auditor'),
  });
  return response;
};

t.test('JSON: valid against its schema, with the figures worked out by hand', async (t) => {
  const response = await download('json');
  t.match(response.headers['content-type'], /^application\/json/);
  t.match(
    response.headers['content-disposition'],
    /attachment; filename="follow-up-FY2025\.json"; filename\*=UTF-8''%E5%B9%B4%E6%AC%A1/,
  );
  const report = response.json<FollowUpReport>();
  const schema = await f.app.inject({
    method: 'GET',
    url: '/v1/reports/schema.json',
    headers: await f.bearer('auditor'),
  });
  t.match(schema.headers['content-type'], /^application\/schema\+json/);
  t.same(schema.json(), JSON.parse(JSON.stringify(FollowUpReportSchema)), 'the schema is published');
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const valid = ajv.validate(schema.json<object>(), report);
  t.ok(valid, JSON.stringify(ajv.errors));
  t.match(report.cycle, { code: 'FY2025', label: '2025年度（令和7年度）', status: 'open' });
  t.equal(report.strategyVersion?.title, '地域未来戦略');
  const visitors = report.outcomes.flatMap((o) => o.kpis).find((k) => k.id === VISITORS)!;
  // (3995 − 3687) / (6000 − 3687) ÷ (365 / 2191) = 0.79932 → 概ね順調
  t.match(visitors, {
    latest: { value: 3995, status: 'final', statusLabel: '確報' },
    baseline: { value: 3687, at: '2024年' },
    target: '6,000 万人（2030 年）',
    targetValue: 6000,
    ratio: Math.round(((3995 - 3687) / (6000 - 3687)) * (2191 / 365) * 1000) / 1000,
    category: 'moderate',
    categoryLabel: '概ね順調',
  });
  const outcomeA = report.summary.outcomes.find((o) => o.id === 'outcome-a')!;
  t.equal(outcomeA.counts.moderate, 1);
  t.match(report.corrections, [
    { kpiId: VISITORS, kind: 'correction', kindLabel: '訂正', value: 3995, reason: '確報値に更新' },
    { kpiId: NIGHTS, kind: 'retraction', kindLabel: '取消し', reason: '集計誤り' },
  ]);
  const jta = report.coverage.find((c) => c.ministry === 'JTA')!;
  t.equal(jta.kpisSubmitted, 1);
  t.ok(jta.kpisMissing.includes(NIGHTS));
});

t.test('CSV: a byte-order mark, and rows Excel and a parser read the same', async (t) => {
  const response = await download('csv');
  t.match(response.headers['content-type'], /^text\/csv; charset=utf-8/);
  const raw = response.rawPayload;
  t.same([...raw.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const rows = parse<Record<string, string>>(raw, { bom: true, columns: true });
  const visitors = rows.find((r) => r['KPI ID'] === VISITORS)!;
  t.match(visitors, { KPI名: '訪日外国人旅行者数', 実績値: '3995', '速報・確報': '確報', 評価: '概ね順調' });
  t.equal(rows.length, 54, 'every KPI of the catalog');
});

t.test('XLSX: one sheet per section, number cells, frozen headers and filters', async (t) => {
  const response = await download('xlsx');
  t.match(response.headers['content-type'], /spreadsheetml/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
  t.same(
    book.worksheets.map((w) => w.name),
    ['表紙', '概要', 'KPI', 'アウトプットKPI', '工程表', '提出状況', '訂正履歴'],
  );
  const kpis = book.getWorksheet('KPI')!;
  t.match(kpis.views[0], { state: 'frozen', ySplit: 1 });
  t.ok(kpis.autoFilter, 'filters on');
  const header = (kpis.getRow(1).values as string[]).slice(1);
  const row = kpis.getRows(2, kpis.rowCount - 1)!.find((r) => r.getCell(2).value === VISITORS)!;
  const value = row.getCell(header.indexOf('実績値') + 1).value;
  t.equal(value, 3995);
  t.equal(typeof value, 'number', 'a real number cell');
  t.equal(row.getCell(header.indexOf('評価') + 1).value, '概ね順調');
});

t.test('HTML: one self-contained file with a chart per KPI', async (t) => {
  const response = await download('html');
  t.match(response.headers['content-type'], /^text\/html; charset=utf-8/);
  const html = response.body;
  t.match(html, /<html lang="ja">/);
  t.match(html, /@page \{ size: A4/);
  t.notMatch(html, /<script|<link|src="http/, 'no scripts or external assets');
  t.equal((html.match(/<svg class="chart"/g) ?? []).length, (html.match(/<section class="kpi"/g) ?? []).length);
  t.match(html, /訪日外国人旅行者数の推移/);
});

t.test('reproducible: generated again at the same position, every artifact is byte-identical', async (t) => {
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: f.ledger.store.pool }) });
  const again = await generateReport(
    new ReadModels(db, f.ledger.prefix),
    { fiscalYear: 2025, formats: ['html', 'xlsx', 'csv', 'json'], generatedAt: status.generatedAt },
    undefined,
    (position) => sealedAt(f.ledger.store.pool, f.ledger.store.store, position),
  );
  t.equal(again.report.dataAsOf.position, status.position);
  t.same(
    again.artifacts.map((a) => [a.format, a.sha256]),
    status.artifacts.map((a) => [a.format, a.sha256]),
  );
});
