import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import t from 'tap';
import { ingestFixture, type IngestFixture } from '../testing.js';

const fixture = (name: string) => readFileSync(new URL(`../../src/submissions/fixtures/${name}`, import.meta.url));
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function workbook(rows: (string | number)[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('報告');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

let f: IngestFixture;
t.before(async () => {
  f = await ingestFixture();
});
t.teardown(() => f.dispose());

const submit = async (headers: Record<string, string>, payload: string | Buffer | object, type: string) =>
  f.app.inject({ method: 'POST', url: '/v1/submissions', headers: { ...headers, 'content-type': type }, payload });

t.test('a CSV with a byte-order mark and Japanese text is appended, per stream', async (t) => {
  const jta = await f.bearer('submitter', 'JTA');
  const response = await submit(jta, fixture('jta-2025.csv'), 'text/csv; charset=utf-8');
  t.equal(response.statusCode, 201, response.body);
  t.match(response.json(), {
    rows: 2,
    events: 2,
    appended: [{ streamId: 'actual-kpi-outcome-a-4.1@CY2025', rows: [2] }, { rows: [3] }],
  });
  const [event] = await f.store.store.readStream('actual-kpi-outcome-a-4.1@CY2025');
  t.match(event, {
    data: { value: 4270, status: 'preliminary', note: '速報値、12月分は推計', source: '日本政府観光局（JNTO）' },
  });
});

t.test('an XLSX with actuals and milestone reports is appended', async (t) => {
  const aca = await f.bearer('submitter', 'ACA');
  const book = await workbook([
    ['kind', 'id', 'name', 'period', 'value', 'status', 'note'],
    ['actual', 'kpi-output-a.u3.k1', '文化観光…目標を達成した計画数の割合', 'FY2025', 86.5, 'final', '全計画を対象'],
    [
      'milestone',
      'roadmap-a.u3.r1',
      '文化観光拠点施設を中核とした地域における文化観光推進事業',
      'FY2026',
      '',
      'in_progress',
      '計画の認定を継続',
    ],
  ]);
  const response = await submit(aca, book, XLSX);
  t.equal(response.statusCode, 201, response.body);
  t.match(response.json(), { events: 2 });
  const [milestone] = await f.store.store.readStream('milestone-roadmap-a.u3.r1@FY2026');
  t.match(milestone?.data, { status: 'in_progress', note: '計画の認定を継続' });
});

t.test('any invalid row rejects the whole submission with row, column and reason; nothing is appended', async (t) => {
  const jta = await f.bearer('submitter', 'JTA');
  const before = await f.store.store.headPosition();
  const csv = [
    'kind,id,period,value,status,note',
    'actual,kpi-outcome-a-4.1,CY2026,4500,preliminary,ok',
    'actual,kpi-outcome-a-4.1,FY2026,4500,preliminary,年度ではなく暦年',
    'actual,kpi-unknown,CY2026,1,final,',
    'actual,kpi-outcome-a-4.2,CY2026,abc,final,',
    'actual,kpi-output-a.u1.k1,FY2026,40,final,農水省のKPI',
    'actual,kpi-outcome-a-4.1,CY2026,4600,final,同じ期間の二重報告',
    'report,kpi-outcome-a-4.1,CY2026,1,final,',
  ].join('\n');
  const response = await submit(jta, csv, 'text/csv');
  t.equal(response.statusCode, 422);
  t.match(response.headers['content-type'], /problem\+json/);
  t.same(
    response.json<{ errors: { row: number; column: string }[] }>().errors.map((e) => [e.row, e.column]),
    [
      [3, 'period'],
      [4, 'id'],
      [5, 'value'],
      [6, 'id'],
      [7, 'period'],
      [8, 'kind'],
    ],
  );
  t.equal(await f.store.store.headPosition(), before, 'nothing was appended, not even the valid first row');
});

t.test('unreadable files are 400 problems', async (t) => {
  const jta = await f.bearer('submitter', 'JTA');
  const broken = await submit(jta, Buffer.from('PK\u0003\u0004 not really a workbook'), XLSX);
  t.equal(broken.statusCode, 400);
  t.match(broken.json(), { title: 'The submission cannot be read' });
  const noHeader = await submit(jta, 'a,b,c\n1,2,3\n', 'text/csv');
  t.equal(noHeader.statusCode, 400);
  t.match(noHeader.json(), { detail: /header row lacks kind, id, status/ });
  const badQuotes = await submit(jta, 'kind,id,status\n"actual,kpi,final\n', 'text/csv');
  t.equal(badQuotes.statusCode, 400);
});

t.test('templates list the caller’s own KPIs and roadmap items; a filled-in template round-trips', async (t) => {
  const maff = await f.bearer('submitter', 'MAFF');
  const csv = await f.app.inject({ method: 'GET', url: '/v1/submissions/template.csv?cycle=FY2026', headers: maff });
  t.equal(csv.statusCode, 200);
  t.match(csv.headers['content-disposition'], /filename\*=UTF-8''/);
  t.ok(csv.body.startsWith('\uFEFFkind,id,name,period'), 'UTF-8 with a byte-order mark for Excel');
  t.match(csv.body, /actual,kpi-output-a\.u1\.k1,スマート農業技術の活用割合,FY2026/);

  const xlsx = await f.app.inject({ method: 'GET', url: '/v1/submissions/template.xlsx?cycle=FY2026', headers: maff });
  t.equal(xlsx.statusCode, 200);
  t.equal(xlsx.headers['content-type'], XLSX);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
  const sheet = book.worksheets[0]!;
  t.equal(sheet.name, '2026年度 報告');
  const smart = sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(2).value === 'kpi-output-a.u1.k1')!;
  smart.getCell(5).value = 41.2;
  smart.getCell(6).value = 'preliminary';
  const filled = Buffer.from(await book.xlsx.writeBuffer());
  const uploaded = await submit(maff, filled, XLSX);
  t.equal(uploaded.statusCode, 201, uploaded.body);
  t.match(uploaded.json(), { events: 1, appended: [{ streamId: 'actual-kpi-output-a.u1.k1@FY2026' }] });
  t.equal(uploaded.json<{ skipped: number }>().skipped, sheet.rowCount - 2, 'rows left blank report nothing');
});

t.test('a retried submission with the same Idempotency-Key appends once', async (t) => {
  const jta = { ...(await f.bearer('submitter', 'JTA')), 'idempotency-key': 'bulk-2027' };
  const payload = {
    rows: [{ kind: 'actual', id: 'kpi-outcome-a-4.1', period: 'CY2027', value: 4800, status: 'preliminary' }],
  };
  const first = await submit(jta, payload, 'application/json');
  const again = await submit(jta, payload, 'application/json');
  t.equal(first.statusCode, 201, first.body);
  t.same(again.json(), first.json());
  t.equal((await f.store.store.readStream('actual-kpi-outcome-a-4.1@CY2027')).length, 1);
});
