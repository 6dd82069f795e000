import { fileURLToPath } from 'node:url';
import { loadCatalog, seedCatalog } from '@pdca/catalog';
import { appendSyntheticLedger, liveSchema, PROJECTIONS, rebuildProjection } from '@pdca/projections/runner';
import { freshLedger, millionEventLedger, projectionWorkers } from './ledger.js';
import { machine, round, writeResults } from './measure.js';

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/pdca_bench_projections';
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const root = fileURLToPath(new URL('../..', import.meta.url));
const LEDGER = millionEventLedger(SCALE);

export async function runProjectionsBench(): Promise<void> {
  const log = (m: string) => process.stderr.write(`bench projections: ${m}\n`);
  const ledger = await freshLedger(DATABASE_URL);
  const { pool, store, db } = ledger;

  log('seeding the catalog and the synthetic ledger');
  await seedCatalog(store, await loadCatalog(`${root}seeds/catalog`), { now: new Date(), runId: 'bench' });
  let shown = 0;
  const appendStarted = performance.now();
  await appendSyntheticLedger(store, {
    ...LEDGER,
    onProgress: (n) => {
      if (n - shown >= 100_000) log(`${(shown = n).toLocaleString('en')} events appended`);
    },
  });
  const appendSeconds = (performance.now() - appendStarted) / 1000;
  const head = await store.headPosition();
  const { rows: counted } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM eventstore.events');
  const totalEvents = Number(counted[0]?.n);
  log(`${totalEvents.toLocaleString('en')} events in the log`);

  log('raw readAll over the whole log');
  let read = 0;
  let after: number | undefined;
  const readStarted = performance.now();
  for (;;) {
    const slice = await store.readAll({ ...(after !== undefined && { after }), limit: 5000 });
    read += slice.events.length;
    after = slice.position ?? after;
    if (slice.isEnd) break;
  }
  const readAllPerSecond = read / ((performance.now() - readStarted) / 1000);

  log('catch-up: every projection from empty tables, as the service runs them');
  const workers = await projectionWorkers(ledger);
  const catchUpStarted = performance.now();
  workers.start();
  await workers.settled(200);
  const catchUpSeconds = (performance.now() - catchUpStarted) / 1000;
  await workers.stop();

  log('rebuild: every projection into fresh tables, swapped in');
  const rebuildStarted = performance.now();
  const rebuilt = [];
  for (const projection of PROJECTIONS)
    rebuilt.push(await rebuildProjection({ projection, schema: liveSchema(projection), store, pool, db }));
  const rebuildSeconds = (performance.now() - rebuildStarted) / 1000;
  await ledger.close();

  const catchUpPerSecond = totalEvents / catchUpSeconds;
  const results = {
    bench: 'projections',
    at: new Date().toISOString(),
    machine: machine(),
    ledger: LEDGER,
    events: totalEvents,
    headPosition: head,
    appendSeconds: round(appendSeconds, 1),
    readAllEventsPerSecond: Math.round(readAllPerSecond),
    catchUp: { seconds: round(catchUpSeconds, 1), eventsPerSecond: Math.round(catchUpPerSecond) },
    rebuild: {
      seconds: round(rebuildSeconds, 1),
      perProjection: rebuilt.map((r) => ({ projection: r.projection, events: r.events })),
    },
    targets: { catchUpEventsPerSecond: 20_000, rebuildSeconds: 60 },
  };
  const markdown = [
    `# Projections benchmark (${results.at})`,
    '',
    `${results.machine.cpus} × ${results.machine.cpuModel}, Node ${results.machine.node}; PostgreSQL on the same machine.`,
    `Ledger: ${totalEvents.toLocaleString('en')} events — ${LEDGER.kpis.toLocaleString('en')} KPIs × ${LEDGER.years} years × (a report, ${LEDGER.correctionsPerPeriod} corrections, a retraction every ${LEDGER.retractEvery} periods), ${LEDGER.roadmapItems.toLocaleString('en')} roadmap items × ${LEDGER.years} years × ${LEDGER.milestoneReportsPerYear} status reports, the seeded catalog and the cycles.`,
    '',
    '| measure | result | target |',
    '|---|---:|---:|',
    `| catch-up into all read models (catalog, cycles) from empty | ${Math.round(catchUpPerSecond).toLocaleString('en')} events/s (${round(catchUpSeconds, 1)} s) | ≥ 20,000 events/s |`,
    `| full rebuild of all read models (replay into fresh schemas, swap) | ${round(rebuildSeconds, 1)} s | ≤ 60 s |`,
    `| raw readAll over the same log (the read ceiling) | ${Math.round(readAllPerSecond).toLocaleString('en')} events/s | – |`,
    `| appending the synthetic ledger (not a target) | ${round(appendSeconds, 1)} s | – |`,
    '',
  ].join('\n');
  await writeResults('projections', results, markdown);
}
