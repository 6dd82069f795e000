import t from 'tap';
import {
  appendSyntheticLedger,
  liveSchema,
  PROJECTIONS,
  projectionsFixture,
  tableDigest,
  type ProjectionsFixture,
} from '@pdca/projections/testing';
import { freePort, runNode, testDatabaseUrl, waitForOk } from './processes.js';

// The projections service as a real process, killed with SIGKILL while it catches up: the tables it
// ends with after a restart are the ones an uninterrupted build produces.
let f: ProjectionsFixture;
t.before(async () => {
  f = await projectionsFixture();
  await appendSyntheticLedger(f.store.store, { kpis: 400, years: 6, correctionsPerPeriod: 6, retractEvery: 11 });
});
t.teardown(() => f.dispose());

const checkpoint = async (prefix: string) => {
  const { rows } = await f.store.pool
    .query<{ position: string | null }>(`SELECT position FROM ${prefix}cycles._checkpoint`)
    .catch(() => ({ rows: [] as { position: string | null }[] }));
  return rows[0]?.position == null ? undefined : Number(rows[0].position);
};

t.test('killed mid-catch-up, restarted: identical tables', async (t) => {
  const head = await f.store.store.headPosition();
  const env = async () => ({
    DATABASE_URL: testDatabaseUrl,
    EVENT_STORE_SCHEMA: f.store.schema,
    READ_MODEL_SCHEMA_PREFIX: f.prefix,
    PROJECTIONS_PORT: String(await freePort()),
  });
  const firstEnv = await env();
  const first = runNode('services/projections/dist/server.js', firstEnv);
  let killedAt: number | undefined;
  for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
    killedAt = await checkpoint(f.prefix);
    if (killedAt !== undefined) break;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  first.child.kill('SIGKILL');
  t.equal(await first.exited, 'SIGKILL', first.output());
  const atKill = await checkpoint(f.prefix);
  t.ok(atKill !== undefined && head !== undefined && atKill < head, `killed part-way: ${atKill} of ${head}`);

  const secondEnv = await env();
  const second = runNode('services/projections/dist/server.js', secondEnv);
  t.ok(await waitForOk(`http://127.0.0.1:${secondEnv.PROJECTIONS_PORT}/health`, second), second.output());
  for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
    const response = await fetch(`http://127.0.0.1:${secondEnv.PROJECTIONS_PORT}/v1/projections`);
    const { projections } = (await response.json()) as { projections: { status: string; lagEvents: number }[] };
    if (projections.every((p) => p.status === 'live' && p.lagEvents === 0)) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  second.child.kill('SIGTERM');
  t.equal(await second.exited, 0, 'a graceful stop on SIGTERM');

  const referencePrefix = `${f.prefix}ref_`;
  const reference = await f.startApp({ prefix: referencePrefix });
  await f.caughtUp(reference, 60_000);
  for (const projection of PROJECTIONS)
    t.same(
      await tableDigest(f.store.pool, liveSchema(projection, f.prefix)),
      await tableDigest(f.store.pool, liveSchema(projection, referencePrefix)),
      `${projection.name}: identical to an uninterrupted build`,
    );
});
