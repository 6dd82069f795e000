import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { Kysely, PostgresDialect } from 'kysely';
import { chromium, type Browser } from 'playwright-core';
import { ReadModels } from '../../readModels/readModels.js';
import { reportsFixture, type ReportsFixture } from '../../testing.js';
import { generateReport } from '../generateReport.js';

// The report as a person sees it: rendered by Debian's Chromium (.ci/run installs it and a CJK font).
const VISITORS = 'kpi-outcome-a-4.1';
const screenshots = fileURLToPath(new URL('../../../../../.tap/screenshots/', import.meta.url));
let f: ReportsFixture;
let browser: Browser;
t.before(async () => {
  f = await reportsFixture();
  const jta = { name: 'submitter-JTA', role: 'submitter' as const, ministry: 'JTA' };
  for (const [period, value] of [
    ['CY2023', 2507],
    ['CY2024', 3687],
    ['CY2025', 3995],
  ] as const)
    await f.ledger.append(
      `actual-${VISITORS}@${period}`,
      'KpiActualReported',
      { kpiId: VISITORS, period, component: null, value, status: 'final', source: null, note: null },
      jta,
    );
  await f.settled();
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
});
t.teardown(async () => {
  await browser?.close();
  await f.dispose();
});

t.test('Chromium renders the Japanese text with a CJK font and draws the charts', async (t) => {
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: f.ledger.store.pool }) });
  const { artifacts } = await generateReport(new ReadModels(db, f.ledger.prefix), {
    fiscalYear: 2025,
    formats: ['html'],
    generatedAt: '2026-06-30T00:00:00.000Z',
  });
  const page = await browser.newPage({ viewport: { width: 900, height: 1200 } });
  await page.setContent(artifacts[0]!.content.toString('utf8'), { waitUntil: 'load' });

  const heading = page.locator('h1');
  t.match(await heading.innerText(), /年次フォローアップ\s*2025年度（令和7年度）/);
  // Which fonts Chromium actually drew the heading's glyphs with: a CJK face, not a fallback box.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument');
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: 'h1' });
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
  t.ok(
    fonts.some((font) => /CJK|JP|Gothic|Mincho/i.test(font.familyName) && font.glyphCount > 5),
    `glyphs from a Japanese font: ${JSON.stringify(fonts)}`,
  );

  const chart = page.locator(`section#${VISITORS.replaceAll('.', '\\.')} svg.chart`);
  const box = await chart.boundingBox();
  t.ok(box && box.width > 300 && box.height > 100, 'the chart has its size');
  t.equal(await chart.locator('circle.final').count(), 3, 'a point per reported year');
  t.equal(await chart.locator('line.target').count(), 1, 'the target line');
  t.equal(await page.locator('svg.chart').count(), await page.locator('section.kpi').count(), 'a chart for every KPI');

  await mkdir(screenshots, { recursive: true });
  const png = await page.locator(`section#${VISITORS.replaceAll('.', '\\.')}`).screenshot();
  t.ok(png.length > 5000, 'a real picture');
  await writeFile(`${screenshots}visitors.png`, png);
  await writeFile(`${screenshots}cover.png`, await page.screenshot());
  const pdf = await page.pdf({ format: 'A4' });
  t.ok(pdf.subarray(0, 5).toString() === '%PDF-' && pdf.length > 10_000, 'prints to A4');
  await page.close();
});
