import { fileURLToPath } from 'node:url';
import { loadCatalog, seedCatalog } from '@pdca/catalog';
import { sealedAt, sealLog, verifyLog } from '@pdca/eventstore';
import { appendSyntheticLedger } from '@pdca/projections/runner';
import { sql } from 'kysely';
import { kpiAsOf } from '@pdca/reports/asOf';
import { pastCatalog } from '@pdca/reports/catalogAsOf';
import { cycleAsOf } from '@pdca/reports/cycleAsOf';
import { renderReport } from '@pdca/reports/generate';
import { reportDataAsOf } from '@pdca/reports/reportAsOf';
import { ReadModels } from '@pdca/reports/readModels';
import { freshLedger, millionEventLedger, projectionWorkers } from './ledger.js';
import { machine, round, writeResults } from './measure.js';

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/pdca_bench_audit';
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const SAMPLES = 2000;
const root = fileURLToPath(new URL('../..', import.meta.url));

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

export async function runAuditBench(): Promise<void> {
  const log = (m: string) => process.stderr.write(`bench audit: ${m}\n`);
  const ledger = await freshLedger(DATABASE_URL);
  const { pool, store, db } = ledger;

  log('the catalog and a synthetic ledger of about 1,000,000 events');
  await seedCatalog(store, await loadCatalog(`${root}seeds/catalog`), { now: new Date(), runId: 'bench' });
  await appendSyntheticLedger(store, millionEventLedger(SCALE));
  const { rows: counted } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM eventstore.events');
  const events = Number(counted[0]?.n);

  log('sealing the log (the tamper-evidence chain)');
  let sealStarted = performance.now();
  for (let sealed = 1; sealed > 0;) sealed = (await sealLog(pool, store, 50_000)).sealed;
  const sealSeconds = (performance.now() - sealStarted) / 1000;
  log('verifying it');
  sealStarted = performance.now();
  const verification = await verifyLog(pool, store);
  const verifySeconds = (performance.now() - sealStarted) / 1000;

  log('projecting, for the as-of reads');
  const workers = await projectionWorkers(ledger);
  workers.start();
  await workers.settled(200);
  await workers.stop();

  log(`a single KPI as of random moments, ${SAMPLES} times`);
  const models = new ReadModels(db);
  const { rows: bounds } = await pool.query<{ lo: string; hi: string }>(
    'SELECT min(position) AS lo, max(position) AS hi FROM eventstore.events',
  );
  const [lo, hi] = [Number(bounds[0]!.lo), Number(bounds[0]!.hi)];
  const kpis = Math.round(2000 * SCALE);
  const latencies: number[] = [];
  let answered = 0;
  for (let i = 0; i < SAMPLES; i++) {
    const kpiId = `kpi-synthetic-${(i * 7919) % kpis}`;
    const position = lo + Math.floor((((i * 104729) % 1000) / 1000) * (hi - lo));
    const started = performance.now();
    const result = await kpiAsOf(models, store, kpiId, 2025, { position });
    latencies.push(performance.now() - started);
    if (result) answered += 1;
  }
  latencies.sort((a, b) => a - b);

  log('a whole cycle as of past moments');
  const cycleSeconds: number[] = [];
  let cycleKpis = 0;
  for (const share of [0.25, 0.5, 0.75, 1]) {
    const started = performance.now();
    const past = await cycleAsOf(models, store, 2025, { position: lo + Math.floor(share * (hi - lo)) });
    cycleSeconds.push((performance.now() - started) / 1000);
    cycleKpis = Math.max(cycleKpis, past.rows.length);
  }

  log('the catalog as of past moments (the live catalog rewound)');
  const catalogMs: number[] = [];
  for (let i = 0; i < 50; i++) {
    const position = lo + Math.floor((((i * 7919) % 50) / 50) * (hi - lo));
    const started = performance.now();
    await pastCatalog(models, store, { position }, (past) =>
      past.rows(sql`SELECT id, name, outcome_id, impact_id, target, owner_ministry FROM ${past.catalog('kpis')}`),
    );
    catalogMs.push(performance.now() - started);
  }
  catalogMs.sort((a, b) => a - b);

  log('the follow-up report as of past moments (both read models replayed up to then)');
  const reportSeconds: number[] = [];
  for (const share of [0.5, 1]) {
    const position = lo + Math.floor(share * (hi - lo));
    const started = performance.now();
    const report = await reportDataAsOf(
      db,
      store,
      {
        fiscalYear: 2025,
        generatedAt: new Date().toISOString(),
        bounds: { catalog: { position }, cycles: { position } },
      },
      (at) => sealedAt(pool, store, at),
    );
    await renderReport(report, { fiscalYear: 2025, formats: ['csv', 'html', 'json', 'xlsx'] });
    reportSeconds.push((performance.now() - started) / 1000);
  }
  await ledger.close();

  const results = {
    bench: 'audit',
    at: new Date().toISOString(),
    machine: machine(),
    events,
    seal: { seconds: round(sealSeconds, 1), eventsPerSecond: Math.round(events / sealSeconds) },
    verify: { seconds: round(verifySeconds, 1), ok: verification.ok },
    kpiAsOf: {
      samples: SAMPLES,
      answered,
      p50Ms: round(percentile(latencies, 0.5), 2),
      p99Ms: round(percentile(latencies, 0.99), 2),
      maxMs: round(latencies.at(-1)!, 2),
    },
    cycleAsOf: {
      samples: cycleSeconds.map((x) => round(x, 2)),
      maxSeconds: round(Math.max(...cycleSeconds), 2),
      kpis: cycleKpis,
    },
    catalogAsOf: {
      samples: catalogMs.length,
      p50Ms: round(percentile(catalogMs, 0.5), 1),
      maxMs: round(catalogMs.at(-1)!, 1),
    },
    reportAsOf: { atHalfSeconds: round(reportSeconds[0]!, 1), atEndSeconds: round(reportSeconds[1]!, 1) },
    targets: { kpiAsOfP99Ms: 20, cycleAsOfSeconds: 10 },
  };
  const markdown = [
    `# Audit benchmark (${results.at})`,
    '',
    `${results.machine.cpus} × ${results.machine.cpuModel}, Node ${results.machine.node}; PostgreSQL on the same machine; ${events.toLocaleString('en')} events (the projections benchmark's ledger).`,
    '',
    '| measure | result | target |',
    '|---|---:|---:|',
    `| one KPI in a cycle as of a random past position (${SAMPLES} samples, ${answered} existed then) | p50 ${results.kpiAsOf.p50Ms} ms, p99 ${results.kpiAsOf.p99Ms} ms | p99 ≤ 20 ms |`,
    `| a whole cycle's KPIs and summary as of a past moment (FY2025 at ¼, ½, ¾ and the end of the log; ${cycleKpis.toLocaleString('en')} KPIs) | ${cycleSeconds.map((x) => round(x, 2)).join(' / ')} s, max ${round(Math.max(...cycleSeconds), 2)} s | ≤ 10 s |`,
    `| the whole catalog's KPIs as of a random past position (${catalogMs.length} samples; live catalog rewound in a rolled-back transaction) | p50 ${results.catalogAsOf.p50Ms} ms, max ${results.catalogAsOf.maxMs} ms | – |`,
    `| the follow-up report as of a past moment, all four formats (both read models replayed into a rolled-back transaction; at ½ / at the end of the log) | ${results.reportAsOf.atHalfSeconds} s / ${results.reportAsOf.atEndSeconds} s | – (a background job) |`,
    `| sealing the whole log (hash and chain every event, off the write path) | ${results.seal.seconds} s (${results.seal.eventsPerSecond.toLocaleString('en')} events/s) | – |`,
    `| verifying the whole log (re-hash, re-chain, stream gaps) | ${results.verify.seconds} s (${verification.ok ? 'intact' : 'BROKEN'}) | – |`,
    '',
  ].join('\n');
  await writeResults('audit', results, markdown);
}
