import pg from 'pg';
import { randomBytes } from 'node:crypto';
import t from 'tap';
import { freePort, runNode, testDatabaseUrl, waitForOk } from './processes.js';

t.test('npm start creates its database, migrates, and runs every service until SIGTERM', async (t) => {
  const database = `pdca_e2e_${randomBytes(5).toString('hex')}`;
  const url = new URL(testDatabaseUrl);
  url.pathname = `/${database}`;
  const ports = { INGEST_PORT: await freePort(), PROJECTIONS_PORT: await freePort(), REPORTS_PORT: await freePort() };
  const running = runNode('scripts/dist/start.js', {
    DATABASE_URL: url.toString(),
    ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
  });
  t.teardown(async () => {
    running.child.kill('SIGKILL');
    const admin = new pg.Client({ connectionString: testDatabaseUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  });
  for (const [variable, port] of Object.entries(ports)) {
    const ready = await waitForOk(`http://127.0.0.1:${port}/ready`, running);
    t.ok(ready, `${variable} service is ready`);
    if (!ready) t.comment(`launcher output:\n${running.output().slice(-4000)}`);
  }
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  const { rows } = await admin.query<{ n: string }>('SELECT count(*) AS n FROM eventstore.kysely_migration');
  await admin.end();
  t.ok(Number(rows[0]?.n) >= 1, 'the event store schema was migrated');
  running.child.kill('SIGTERM');
  t.equal(await running.exited, 0, 'the launcher exits 0 after stopping every service');
});

for (const [server, env, expected] of [
  [
    'PostgreSQL',
    { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/pdca' },
    /PostgreSQL is not reachable[\s\S]*pg_ctlcluster/,
  ],
  ['Redis', { REDIS_URL: 'redis://127.0.0.1:1' }, /Redis is not reachable[\s\S]*redis-server/],
] as const) {
  t.test(`npm start explains an unreachable ${server} instead of printing a stack trace`, async (t) => {
    const running = runNode('scripts/dist/start.js', { DATABASE_URL: testDatabaseUrl, ...env });
    t.equal(await running.exited, 1);
    t.match(running.output(), expected);
    t.notMatch(running.output(), /\n\s+at /, 'no stack trace');
  });
}
