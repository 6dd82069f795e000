import { randomUUID } from 'node:crypto';
import t from 'tap';
import { projectionsFixture, type ProjectionsFixture } from '../testing.js';
import { probeProjection } from './testProjections.js';

let f: ProjectionsFixture;
t.before(async () => {
  f = await projectionsFixture();
});
t.teardown(() => f.dispose());

const probe = (type: string, n = 1) =>
  f.store.store.append(
    `probe-${randomUUID()}`,
    Array.from({ length: n }, (_, i) => ({ id: randomUUID(), type, data: { i } })),
    { expectedVersion: 'no_stream' },
  );
const applied = async () =>
  (await f.store.pool.query<{ position: string; worker: string }>(`SELECT * FROM ${f.prefix}probe.applied`)).rows;
const probeEvents = async () =>
  (await f.store.store.readAll({ limit: 100_000, categories: ['probe'] })).events.map((e) => e.position);

t.test('a failing event stops the projection there, after applying the events before it', async (t) => {
  let fixed = false;
  const projection = probeProjection({ tolerate: () => fixed });
  await probe('Fine', 3);
  const poison = await probe('Poison');
  await probe('Fine', 2);
  const app = await f.startApp({ projections: [projection] });
  const deadline = Date.now() + 10_000;
  let status: { status: string; failure: { position: number; error: string } | null } | undefined;
  while (Date.now() < deadline) {
    [status] = (await app.inject({ method: 'GET', url: '/v1/projections' })).json<{
      projections: NonNullable<typeof status>[];
    }>().projections;
    if (status?.status === 'failed') break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  t.equal(status?.status, 'failed');
  t.equal(status?.failure?.position, poison.position, 'the exact event');
  t.match(status?.failure?.error, /cannot apply/);
  t.equal((await applied()).length, 3, 'the three events before it were applied, nothing after');
  const health = (await app.inject({ method: 'GET', url: '/health' })).json<{ status: string }>();
  t.equal(health.status, 'degraded');
  const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
  t.match(metrics, /pdca_projection_failed\{projection="probe"\} 1/);
  t.match(metrics, /pdca_projection_errors_total\{projection="probe"\} [1-9]/);
  const [checkpoint] = (
    await f.store.pool.query<{ failed_position: string; error: string }>(`SELECT * FROM ${f.prefix}probe._checkpoint`)
  ).rows;
  t.equal(Number(checkpoint?.failed_position), poison.position, 'recorded with the checkpoint');
  await app.close();

  fixed = true; // a deploy that fixes the projection, then a restart
  const restarted = await f.startApp({ projections: [projection] });
  await f.caughtUp(restarted);
  t.same(
    (await applied()).map((r) => Number(r.position)).sort((a, b) => a - b),
    await probeEvents(),
  );
  await restarted.close();
});

t.test('two workers never both apply; when the owner goes, the other takes over', async (t) => {
  const projection = probeProjection({ tolerate: () => true });
  const first = await f.startApp({ projections: [projection], batchSize: 50 });
  const second = await f.startApp({ projections: [projection], batchSize: 50 });
  const writers = Array.from({ length: 4 }, async () => {
    for (let i = 0; i < 25; i++) await probe('Fine', 10);
  });
  await Promise.all(writers);
  await f.caughtUp(first).catch(() => f.caughtUp(second));
  const statuses = await Promise.all(
    [first, second].map(
      async (app) =>
        (await app.inject({ method: 'GET', url: '/v1/projections' })).json<{ projections: { status: string }[] }>()
          .projections[0]?.status,
    ),
  );
  t.same([...statuses].sort(), ['live', 'standby'], 'one owner, one standby');
  const owner = statuses[0] === 'live' ? first : second;
  const standby = owner === first ? second : first;
  await owner.close();
  for (let i = 0; i < 20; i++) await probe('Fine', 10);
  await f.caughtUp(standby);
  const positions = (await applied()).map((r) => Number(r.position)).sort((a, b) => a - b);
  t.same(positions, await probeEvents(), 'every event exactly once (the key refuses a second apply)');
  await standby.close();
});
