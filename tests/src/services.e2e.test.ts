import { createPool, migrateAll, loadConfig } from '@pdca/platform';
import { randomBytes } from 'node:crypto';
import t from 'tap';
import { freePort, runNode, testDatabaseUrl, waitForOk } from './processes.js';

const services = [
  { name: 'ingest', portVariable: 'INGEST_PORT' },
  { name: 'projections', portVariable: 'PROJECTIONS_PORT' },
  { name: 'reports', portVariable: 'REPORTS_PORT' },
] as const;

t.test('every service starts, is ready over HTTP, and shuts down cleanly on SIGTERM', async (t) => {
  const schema = `es_e2e_${randomBytes(5).toString('hex')}`;
  const config = loadConfig({ DATABASE_URL: testDatabaseUrl, EVENT_STORE_SCHEMA: schema });
  const pool = createPool(config);
  await migrateAll(config, pool);
  t.teardown(async () => {
    await pool.query(`DROP SCHEMA ${schema} CASCADE`);
    await pool.end();
  });

  for (const service of services) {
    const port = await freePort();
    const running = runNode(`services/${service.name}/dist/server.js`, {
      DATABASE_URL: testDatabaseUrl,
      EVENT_STORE_SCHEMA: schema,
      [service.portVariable]: String(port),
    });
    const base = `http://127.0.0.1:${port}`;
    t.ok(await waitForOk(`${base}/health`, running), `${service.name} answers /health`);
    const ready = await fetch(`${base}/ready`);
    t.equal(ready.status, 200, `${service.name} is ready`);
    running.child.kill('SIGTERM');
    t.equal(await running.exited, 0, `${service.name} exits 0 after SIGTERM`);
  }
});

t.test('a service with an invalid variable refuses to start and names it', async (t) => {
  const running = runNode('services/ingest/dist/server.js', { INGEST_PORT: 'eighty' });
  t.equal(await running.exited, 1);
  t.match(running.output(), /INGEST_PORT/);
  t.notMatch(running.output(), /\n\s+at /, 'no stack trace');
});
