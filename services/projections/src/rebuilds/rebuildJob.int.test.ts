import { randomUUID } from 'node:crypto';
import t from 'tap';
import { TokenStore } from '@pdca/platform';
import { migrateTokens } from '@pdca/platform';
import { Redis } from 'ioredis';
import { rebuildQueue } from './rebuildQueue.js';
import { appendSyntheticLedger } from '../synthetic/syntheticLedger.js';
import { tableDigest } from '../synthetic/tableDigest.js';
import { projectionsFixture, type ProjectionsFixture } from '../testing.js';

let f: ProjectionsFixture;
t.before(async () => {
  f = await projectionsFixture();
  await migrateTokens(f.store.pool);
  await appendSyntheticLedger(f.store.store, { kpis: 30, years: 3, correctionsPerPeriod: 2 });
});
t.teardown(() => f.dispose());

t.test('the secretariat starts a rebuild job, follows its progress, and the tables come back the same', async (t) => {
  const queueName = `test-rebuilds-${randomUUID()}`;
  const app = await f.startApp({ rebuildQueueName: queueName });
  // Paused, so the second request surely comes while the first job still waits.
  const connection = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
  const control = rebuildQueue(connection, queueName);
  t.teardown(async () => {
    await control.close();
    await connection.quit();
  });
  await control.pause();
  await f.caughtUp(app);
  const before = await tableDigest(f.store.pool, `${f.prefix}cycles`);
  const tokens = new TokenStore(f.store.pool);
  const secretariat = { authorization: `Bearer ${(await tokens.create({ role: 'secretariat' })).token}` };
  const auditor = { authorization: `Bearer ${(await tokens.create({ role: 'auditor' })).token}` };

  const refused = await app.inject({ method: 'POST', url: '/v1/projections/all/rebuild', headers: auditor });
  t.equal(refused.statusCode, 403);
  const unknown = await app.inject({ method: 'POST', url: '/v1/projections/nope/rebuild', headers: secretariat });
  t.equal(unknown.statusCode, 400);

  const started = await app.inject({ method: 'POST', url: '/v1/projections/all/rebuild', headers: secretariat });
  t.equal(started.statusCode, 202);
  const { jobId } = started.json<{ jobId: string }>();
  const again = await app.inject({ method: 'POST', url: '/v1/projections/all/rebuild', headers: secretariat });
  t.equal(again.json<{ jobId: string }>().jobId, jobId, 'asking again while it waits is the same job');
  await control.resume();

  let job: { state: string; progress: { percent: number } | number; result: { rebuilt: { projection: string }[] } };
  const seen = new Set<number>();
  for (const deadline = Date.now() + 30_000; ;) {
    job = (await app.inject({ method: 'GET', url: `/v1/projections/rebuilds/${jobId}`, headers: auditor })).json();
    if (typeof job.progress === 'object') seen.add(job.progress.percent);
    if (job.state === 'completed' || job.state === 'failed' || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  t.equal(job.state, 'completed');
  t.same(
    job.result.rebuilt.map((r) => r.projection),
    ['catalog', 'cycles'],
  );
  t.ok(seen.has(100), `progress reached 100 (seen: ${[...seen].join(', ')})`);
  await f.caughtUp(app);
  t.same(await tableDigest(f.store.pool, `${f.prefix}cycles`), before, 'same tables after the swap');
  const missing = await app.inject({ method: 'GET', url: '/v1/projections/rebuilds/nope', headers: auditor });
  t.equal(missing.statusCode, 404);
});
