import { randomUUID } from 'node:crypto';
import { migrateEventStore, PostgresEventStore, storeLayout, type NewEvent } from '@pdca/eventstore';
import { ensureDatabase } from '@pdca/platform';
import pg from 'pg';
import { alternate, machine, round, writeResults, type Throughput } from './measure.js';

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/pdca_bench';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 12);
const ROUNDS = 3;
const CATCH_UP_EVENTS = Number(process.env.BENCH_CATCH_UP_EVENTS ?? 1_000_000);
const SCHEMA = 'bench_eventstore';

/** A KPI actual as ministries will report it, with the metadata every event carries. */
function kpiEvent(kpi: number, year: number): NewEvent {
  return {
    id: randomUUID(),
    type: 'KpiActualReported',
    data: {
      kpiId: `kpi-out-c-${kpi}`,
      period: `FY${2025 + (year % 5)}`,
      value: 1234.5 + kpi,
      status: 'preliminary',
      note: '速報値',
    },
    metadata: {
      actor: 'token-0001',
      role: 'submitter',
      ministry: 'MLIT',
      requestId: randomUUID(),
      idempotencyKey: randomUUID(),
      occurredAt: new Date().toISOString(),
      schemaVersion: 1,
    },
  };
}

const rawRow = (e: NewEvent) => [randomUUID(), e.type, JSON.stringify(e.data), JSON.stringify(e.metadata)];

async function rawInsert(pool: pg.Pool, rows: number): Promise<void> {
  const values: unknown[] = [];
  const tuples: string[] = [];
  for (let i = 0; i < rows; i++) {
    const o = values.length;
    values.push(`raw-${i % 100}`, i, ...rawRow(kpiEvent(i, i)));
    tuples.push(`($${o + 1}, $${o + 2}, $${o + 3}, $${o + 4}, $${o + 5}, $${o + 6})`);
  }
  // Prepared, like the store's append statement, so both sides pay the same parsing and planning.
  await pool.query({
    name: `raw_insert_${rows}`,
    text: `INSERT INTO ${SCHEMA}.raw_events (stream_id, stream_version, event_id, type, data, metadata) VALUES ${tuples.join(',')}`,
    values,
  });
}

export async function runEventStoreBench(): Promise<void> {
  await ensureDatabase(DATABASE_URL);
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 20 });
  await pool.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
  await migrateEventStore(pool, storeLayout(SCHEMA));
  // The raw ceiling: the same columns, one primary key, no event store logic.
  await pool.query(`CREATE TABLE ${SCHEMA}.raw_events (position bigserial PRIMARY KEY, stream_id text NOT NULL,
    stream_version bigint NOT NULL, event_id uuid NOT NULL, type text NOT NULL, data jsonb NOT NULL,
    metadata jsonb NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now())`);
  const store = new PostgresEventStore({ pool, schema: SCHEMA });
  const log = (m: string) => process.stderr.write(`bench eventstore: ${m}\n`);

  log(`single-event appends vs raw single-row INSERTs, 16 writers, ${SECONDS}s each in ${ROUNDS} alternating rounds`);
  const single = await alternate(
    16,
    SECONDS,
    ROUNDS,
    { eventsPerOperation: 1, operation: () => rawInsert(pool, 1) },
    {
      eventsPerOperation: 1,
      operation: (w, i) => store.append(`kpi-${w}-${i % 200}`, [kpiEvent(i, w)], { expectedVersion: 'any' }),
    },
  );
  log(`appends of 100 vs raw 100-row INSERTs, 4 writers, ${SECONDS}s each in ${ROUNDS} alternating rounds`);
  const batch = await alternate(
    4,
    SECONDS,
    ROUNDS,
    { eventsPerOperation: 100, operation: () => rawInsert(pool, 100) },
    {
      eventsPerOperation: 100,
      operation: (w, i) =>
        store.append(
          `batch-${w}-${i % 50}`,
          Array.from({ length: 100 }, (_, k) => kpiEvent(k, i)),
          { expectedVersion: 'any' },
        ),
    },
  );
  const [rawSingle, appendSingle, rawBatch, appendBatch] = [
    single.baseline,
    single.contender,
    batch.baseline,
    batch.contender,
  ];

  let total = Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${SCHEMA}.events`)).rows[0]!.n);
  log(`loading the log to ${CATCH_UP_EVENTS} events (now ${total})`);
  await Promise.all(
    Array.from({ length: 4 }, async (_, w) => {
      for (let i = 0; total < CATCH_UP_EVENTS; i++) {
        total += 1000;
        await store.append(
          `load-${w}-${i % 500}`,
          Array.from({ length: 1000 }, (_, k) => kpiEvent(k, i)),
          {
            expectedVersion: 'any',
          },
        );
      }
    }),
  );
  // Autovacuum would analyze the freshly loaded table soon; without statistics the planner sorts the whole range.
  await pool.query(`ANALYZE ${SCHEMA}.events`);
  log('catching up with readAll from the start');
  const catchUp = await timeCatchUp(store);
  log('catching up with a subscription from the start');
  const subscriptionCatchUp = await timeSubscriptionCatchUp(store);
  await store.close();
  await pool.end();

  const ratio = (a: Throughput, b: Throughput) => round(a.eventsPerSecond / b.eventsPerSecond, 3);
  const results = {
    bench: 'eventstore',
    at: new Date().toISOString(),
    machine: machine(),
    seconds: SECONDS,
    appendSingle,
    rawSingle,
    appendBatch,
    rawBatch,
    catchUp,
    subscriptionCatchUp,
    ratios: { singleVsRaw: ratio(appendSingle, rawSingle), batchVsRaw: ratio(appendBatch, rawBatch) },
    targets: { singleVsRaw: 0.7, batchVsRaw: 0.6, catchUpEventsPerSecond: 250_000 },
  };
  const row = (name: string, t: Throughput) =>
    `| ${name} | ${t.eventsPerSecond.toLocaleString('en')} | ${t.p50Ms ?? '–'} | ${t.p99Ms ?? '–'} |`;
  const markdown = [
    `# Event store benchmark (${results.at})`,
    '',
    `${results.machine.cpus} × ${results.machine.cpuModel}, Node ${results.machine.node}, local PostgreSQL; each pair measured for ${SECONDS} s per side in ${ROUNDS} alternating rounds.`,
    '',
    '| phase | events/s | p50 ms | p99 ms |',
    '|---|---:|---:|---:|',
    row('append, 1 event/call, 16 writers', appendSingle),
    row('raw INSERT, 1 row/tx, 16 writers', rawSingle),
    row('append, 100 events/call, 4 writers', appendBatch),
    row('raw INSERT, 100 rows/tx, 4 writers', rawBatch),
    `| readAll catch-up over ${catchUp.events.toLocaleString('en')} events | ${catchUp.eventsPerSecond.toLocaleString('en')} | – | – |`,
    `| subscription catch-up (prefetching) over ${subscriptionCatchUp.events.toLocaleString('en')} events | ${subscriptionCatchUp.eventsPerSecond.toLocaleString('en')} | – | – |`,
    '',
    `single appends / raw single inserts: **${results.ratios.singleVsRaw}** (target ≥ 0.7)  `,
    `batched appends / raw 100-row inserts: **${results.ratios.batchVsRaw}** (target ≥ 0.6)  `,
    `catch-up: **${catchUp.eventsPerSecond.toLocaleString('en')} events/s** with readAll, **${subscriptionCatchUp.eventsPerSecond.toLocaleString('en')} events/s** with a subscription (target ≥ 250,000)`,
    '',
  ].join('\n');
  await writeResults('eventstore', results, markdown);
}

async function timeCatchUp(store: PostgresEventStore): Promise<Throughput> {
  const started = performance.now();
  let events = 0;
  for (let after: number | undefined; ;) {
    const slice = await store.readAll({ after, limit: 10_000 });
    events += slice.events.length;
    after = slice.position;
    if (slice.isEnd) break;
  }
  const seconds = (performance.now() - started) / 1000;
  return { operations: 1, events, seconds: round(seconds), eventsPerSecond: Math.round(events / seconds) };
}

async function timeSubscriptionCatchUp(store: PostgresEventStore): Promise<Throughput> {
  const started = performance.now();
  let events = 0;
  const subscription = store.subscribe({ batchSize: 10_000 });
  for await (const batch of subscription) {
    events += batch.events.length;
    if (batch.caughtUp) break;
  }
  await subscription.close();
  const seconds = (performance.now() - started) / 1000;
  return { operations: 1, events, seconds: round(seconds), eventsPerSecond: Math.round(events / seconds) };
}
