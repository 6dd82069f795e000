import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { loadCatalog, seedCatalog } from '@pdca/catalog';
import { migrateEventStore, PostgresEventStore, storeLayout, type NewEvent } from '@pdca/eventstore';
import { ensureDatabase, migrateIdempotency, migrateTokens, TokenStore } from '@pdca/platform';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import pg from 'pg';
import { machine, round, writeResults } from './measure.js';

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/pdca_bench_ingest';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const CONNECTIONS = 50;
const SYNTHETIC_KPIS = 10_000;
const root = fileURLToPath(new URL('../..', import.meta.url));

/** Synthetic KPIs, owned by one ministry, so every request can report a fresh (KPI, period). */
async function seedSyntheticKpis(store: PostgresEventStore): Promise<void> {
  const target = {
    form: { kind: 'absolute', quantity: { value: 100, scale: 'one', unit: '件' }, comparator: 'eq' },
    polarity: 'increase',
    due: { basis: 'fiscal_year', year: 2030 },
    raw: '100件（2030年度）',
  };
  const batch = async (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const id = `kpi-bench-${i}`;
      const event = (facet: string, type: string, value: unknown): NewEvent => ({
        id: randomUUID(),
        type,
        data: { kind: 'kpi', id, facet, value, seedHash: `${facet}-bench` } as never,
        metadata: { actor: 'bench', schemaVersion: 1 },
      });
      await store.append(
        id,
        [
          event('definition', 'KpiDefined', { id, name: `ベンチマーク用KPI ${i}` }),
          event('target', 'KpiTargetSet', target),
          event('owner', 'KpiOwnerAssigned', { provenance: 'inferred', ministry: 'MLIT', reason: 'bench' }),
        ],
        { expectedVersion: 'any' },
      );
    }
  };
  const workers = 8;
  const per = Math.ceil(SYNTHETIC_KPIS / workers);
  await Promise.all(Array.from({ length: workers }, (_, w) => batch(w * per, Math.min(SYNTHETIC_KPIS, (w + 1) * per))));
}

async function startService(env: Record<string, string>): Promise<ChildProcess> {
  // BENCH_SERVICE_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", to profile the service under load.
  const nodeArgs = (process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, 'services/ingest/dist/server.js'], {
    cwd: root,
    env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (let i = 0; i < 100; i++) {
    if (
      await fetch(`http://127.0.0.1:${env.INGEST_PORT}/ready`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return child;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the ingest service did not start');
}

async function load(url: string, options: Partial<autocannon.Options>) {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, ...options });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    total: result.requests.total,
  };
}

export async function runIngestBench(): Promise<void> {
  const log = (m: string) => process.stderr.write(`bench ingest: ${m}\n`);
  await ensureDatabase(DATABASE_URL);
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 20 });
  await pool.query(
    'DROP SCHEMA IF EXISTS eventstore CASCADE; DROP SCHEMA IF EXISTS auth CASCADE; DROP SCHEMA IF EXISTS api CASCADE',
  );
  await migrateEventStore(pool, storeLayout('eventstore'));
  await migrateTokens(pool);
  await migrateIdempotency(pool);
  const store = new PostgresEventStore({ pool });
  log('seeding the catalog and 10,000 synthetic KPIs');
  await seedCatalog(store, await loadCatalog(`${root}seeds/catalog`), { now: new Date(), runId: 'bench' });
  await seedSyntheticKpis(store);
  const { token } = await new TokenStore(pool).create({ role: 'submitter', ministry: 'MLIT', name: 'bench' });

  log('HTTP ceiling: a bare Fastify route that does nothing');
  const bare = Fastify();
  bare.post('/noop', () => ({ ok: true }));
  await bare.listen({ port: 3099, host: '127.0.0.1' });
  const ceiling = await load('http://127.0.0.1:3099/noop', {
    method: 'POST',
    body: '{}',
    headers: { 'content-type': 'application/json' },
  });
  await bare.close();

  log(`durable submissions: ${CONNECTIONS} connections, ${SECONDS} s, distinct Idempotency-Keys`);
  const service = await startService({
    DATABASE_URL,
    INGEST_PORT: '3098',
    RATE_LIMIT_PER_SECOND: '1000000',
    ...(process.env.BENCH_POOL && { PG_POOL_MAX: process.env.BENCH_POOL }),
  });
  let n = 0;
  const submissions = await load('http://127.0.0.1:3098', {
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const i = n++;
          const kpi = `kpi-bench-${i % SYNTHETIC_KPIS}`;
          const period = `FY${2015 + Math.floor(i / SYNTHETIC_KPIS)}`;
          return {
            ...request,
            path: `/v1/kpis/${kpi}/actuals`,
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${token}`,
              ...(process.env.BENCH_NO_KEYS ? {} : { 'idempotency-key': randomUUID() }),
            },
            body: JSON.stringify({ period, value: i, status: 'preliminary' }),
          };
        },
      },
    ],
  });
  service.kill('SIGTERM');
  await once(service, 'exit');
  // Every 2xx must be an event in the log: count them back.
  const { rows: stored } = await pool.query<{ n: string }>(
    "SELECT count(*) AS n FROM eventstore.events WHERE type = 'KpiActualReported'",
  );
  const storedReports = Number(stored[0]?.n);
  const acknowledged = submissions.total - submissions.non2xx;
  // Requests still in flight when autocannon stopped may be stored without being counted as answered.
  if (storedReports < acknowledged)
    throw new Error(`${acknowledged} submissions acknowledged but ${storedReports} stored`);

  log('storage ceiling: raw single-event appends, 16 writers, 10 s');
  let appended = 0;
  const started = performance.now();
  const deadline = started + 10_000;
  await Promise.all(
    Array.from({ length: 16 }, async (_, w) => {
      for (let i = 0; performance.now() < deadline; i++) {
        await store.append(`rawbench-${w}-${i % 100}`, [{ id: randomUUID(), type: 'Raw', data: { i } }], {
          expectedVersion: 'any',
        });
        appended += 1;
      }
    }),
  );
  const storage = Math.round(appended / ((performance.now() - started) / 1000));
  await store.close();
  await pool.end();

  const results = {
    bench: 'ingest',
    at: new Date().toISOString(),
    machine: machine(),
    seconds: SECONDS,
    connections: CONNECTIONS,
    submissions: { ...submissions, storedReports },
    httpCeiling: ceiling,
    storageCeilingEventsPerSecond: storage,
    targets: { requestsPerSecond: 3000, p99Ms: 50 },
  };
  const markdown = [
    `# Ingest benchmark (${results.at})`,
    '',
    `${results.machine.cpus} × ${results.machine.cpuModel}, Node ${results.machine.node}; autocannon, ${CONNECTIONS} connections, ${SECONDS} s, service and Postgres on the same machine.`,
    '',
    '| run | requests/s | p50 ms | p99 ms | non-2xx |',
    '|---|---:|---:|---:|---:|',
    `| POST /v1/kpis/{id}/actuals (durable, distinct Idempotency-Keys) | ${submissions.requestsPerSecond.toLocaleString('en')} | ${submissions.p50Ms} | ${submissions.p99Ms} | ${submissions.non2xx} |`,
    `| bare Fastify route (HTTP ceiling) | ${ceiling.requestsPerSecond.toLocaleString('en')} | ${ceiling.p50Ms} | ${ceiling.p99Ms} | ${ceiling.non2xx} |`,
    `| event store single appends, 16 writers (storage ceiling) | ${storage.toLocaleString('en')} events/s | – | – | – |`,
    '',
    `Every acknowledged submission was counted back in the log afterwards: ${storedReports.toLocaleString('en')} events for ${acknowledged.toLocaleString('en')} 2xx responses (the difference: requests in flight when the load stopped).`,
    '',
    `Target: ≥ 3,000 durable submissions/s with p99 ≤ 50 ms. Measured: **${submissions.requestsPerSecond.toLocaleString('en')}/s, p99 ${submissions.p99Ms} ms** (${round(submissions.requestsPerSecond / ceiling.requestsPerSecond, 3)} of the HTTP ceiling).`,
    '',
  ].join('\n');
  await writeResults('ingest', results, markdown);
}
