import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { loadCatalog, seedCatalog } from '@pdca/catalog';
import type { NewEvent } from '@pdca/eventstore';
import { appendSyntheticLedger } from '@pdca/projections/runner';
import { generateReport } from '@pdca/reports/generate';
import { ReadModels } from '@pdca/reports/readModels';
import { freshLedger, projectionWorkers } from './ledger.js';
import { machine, round, writeResults } from './measure.js';

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/pdca_bench_reports';
const root = fileURLToPath(new URL('../..', import.meta.url));
const FORMATS = ['html', 'xlsx', 'csv', 'json'] as const;
const RUNS = 5;

export async function runReportsBench(): Promise<void> {
  const log = (m: string) => process.stderr.write(`bench reports: ${m}\n`);
  const ledger = await freshLedger(DATABASE_URL);
  const { pool, store, db } = ledger;
  const models = new ReadModels(db);
  const workers = await projectionWorkers(ledger);
  workers.start();
  const settled = () => workers.settled();
  const time = async () => {
    const seconds: number[] = [];
    let bytes = 0;
    let kpis = 0;
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      const { artifacts, report } = await generateReport(models, {
        fiscalYear: 2025,
        formats: FORMATS,
        generatedAt: '2026-06-30T00:00:00.000Z',
      });
      seconds.push((performance.now() - started) / 1000);
      bytes = artifacts.reduce((sum, a) => sum + a.bytes, 0);
      kpis =
        report.impacts.concat(report.outcomes).flatMap((g) => g.kpis).length +
        report.outputUnits.flatMap((u) => u.kpis).length;
    }
    seconds.sort((a, b) => a - b);
    return {
      medianSeconds: round(seconds[Math.floor(RUNS / 2)]!, 3),
      maxSeconds: round(seconds.at(-1)!, 3),
      bytes,
      kpis,
    };
  };

  log('the seeded catalog with five cycles of actuals, corrections and milestones');
  await seedCatalog(store, await loadCatalog(`${root}seeds/catalog`), { now: new Date(), runId: 'bench' });
  await settled();
  const { rows: kpis } = await pool.query<{
    kpi_id: string;
    period_basis: string | null;
    owner_ministry: string | null;
  }>('SELECT kpi_id, period_basis, owner_ministry FROM rm_cycles.kpis ORDER BY kpi_id');
  const { rows: items } = await pool.query<{ item_id: string; owner_ministry: string | null }>(
    'SELECT item_id, owner_ministry FROM rm_cycles.roadmap_items ORDER BY item_id',
  );
  const meta = (ministry: string | null) => ({
    actor: 'bench',
    actorName: `submitter-${ministry}`,
    role: 'submitter',
    ministry,
  });
  for (const [k, kpi] of kpis.entries())
    for (let year = 2021; year <= 2025; year++) {
      const period = `${kpi.period_basis ?? 'FY'}${year}`;
      const value = 100 + k * 10 + (year - 2021) * 7;
      await store.append(
        `actual-${kpi.kpi_id}@${period}`,
        [
          {
            id: randomUUID(),
            type: 'KpiActualReported',
            data: {
              kpiId: kpi.kpi_id,
              period,
              component: null,
              value,
              status: 'preliminary',
              source: null,
              note: null,
            },
            metadata: meta(kpi.owner_ministry),
          },
          {
            id: randomUUID(),
            type: 'KpiActualCorrected',
            data: {
              kpiId: kpi.kpi_id,
              period,
              component: null,
              value: value + 1,
              previousValue: value,
              status: 'final',
              reason: '確報',
            },
            metadata: meta(kpi.owner_ministry),
          },
        ] as NewEvent[],
        { expectedVersion: 'any' },
      );
    }
  for (const item of items)
    for (let year = 2025; year <= 2026; year++)
      await store.append(
        `milestone-${item.item_id}@FY${year}`,
        [
          {
            id: randomUUID(),
            type: 'MilestoneStatusReported',
            data: {
              itemId: item.item_id,
              fiscalYear: year,
              status: 'in_progress',
              previousStatus: null,
              note: null,
              evidenceUrl: null,
            },
            metadata: meta(item.owner_ministry),
          },
        ] as NewEvent[],
        { expectedVersion: 'any' },
      );
  await settled();
  const catalog = await time();
  log(`full catalog: ${catalog.medianSeconds} s`);

  log('a synthetic catalog of 5,000 KPIs');
  await appendSyntheticLedger(store, { kpis: 5000 - kpis.length, years: 5, correctionsPerPeriod: 1, retractEvery: 40 });
  await settled();
  const large = await time();
  log(`5,000 KPIs: ${large.medianSeconds} s`);
  await workers.stop();
  await ledger.close();

  const results = {
    bench: 'reports',
    at: new Date().toISOString(),
    machine: machine(),
    formats: FORMATS,
    runs: RUNS,
    fullCatalog: catalog,
    syntheticCatalog: large,
    targets: { fullCatalogSeconds: 2, syntheticSeconds: 20 },
  };
  const markdown = [
    `# Reports benchmark (${results.at})`,
    '',
    `${results.machine.cpus} × ${results.machine.cpuModel}, Node ${results.machine.node}; PostgreSQL on the same machine. Time to read the read models in one snapshot and render HTML, XLSX, CSV and JSON of FY2025 (median and slowest of ${RUNS} runs).`,
    '',
    '| catalog | KPIs in the report | all four formats (median) | slowest | bytes | target |',
    '|---|---:|---:|---:|---:|---:|',
    `| the seeded catalog, five cycles of actuals and corrections, milestones | ${catalog.kpis} | ${catalog.medianSeconds} s | ${catalog.maxSeconds} s | ${catalog.bytes.toLocaleString('en')} | ≤ 2 s |`,
    `| 5,000 KPIs (seeded + synthetic), five cycles | ${large.kpis.toLocaleString('en')} | ${large.medianSeconds} s | ${large.maxSeconds} s | ${large.bytes.toLocaleString('en')} | ≤ 20 s |`,
    '',
  ].join('\n');
  await writeResults('reports', results, markdown);
}
