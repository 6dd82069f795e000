import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createPool, ensureDatabase, loadConfig, migrateAll, redact } from '@pdca/platform';
import { pino } from 'pino';
import { checkServers, runStep } from './preflight.js';
import { seedFromFiles } from './seeding.js';

const SERVICES = ['ingest', 'projections', 'reports'] as const;
const root = fileURLToPath(new URL('../..', import.meta.url));

await runStep('start', async () => {
  const config = loadConfig();
  const log = pino({ level: config.logLevel, base: { service: 'launcher' } });
  await checkServers(config.databaseUrl, config.redisUrl);
  const created = await ensureDatabase(config.databaseUrl);
  log.info({ database: redact(config.databaseUrl), created: created === 'created' }, 'database ready');
  const pool = createPool(config, 'pdca-launcher');
  try {
    log.info({ applied: await migrateAll(config, pool) }, 'migrations applied');
    const seeded = await seedFromFiles(config, pool, (err) => log.warn({ err }, 'event store notification issue'));
    log.info({ appended: seeded.appended, entries: seeded.entries }, 'strategy catalog seeded');
  } finally {
    await pool.end();
  }

  const children = new Map<string, ChildProcess>();
  let stopping = false;
  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    process.exitCode = code;
    for (const child of children.values()) child.kill('SIGTERM');
  };
  for (const name of SERVICES) {
    const child = spawn(process.execPath, [`services/${name}/dist/server.js`], { cwd: root, stdio: 'inherit' });
    children.set(name, child);
    child.on('exit', (code, signal) => {
      children.delete(name);
      if (!stopping) {
        log.error({ child: name, code, signal }, 'a service exited unexpectedly; stopping the others');
        stop(1);
      }
      if (children.size === 0) log.info('all services stopped');
    });
  }
  log.info(
    {
      ingest: config.ports.ingest,
      projections: config.ports.projections,
      reports: config.ports.reports,
      host: config.host,
    },
    'pdca-ledger is running; Ctrl-C stops it',
  );
  process.on('SIGTERM', () => stop(0));
  process.on('SIGINT', () => stop(0));
});
