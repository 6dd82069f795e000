import { createPool, ensureDatabase, loadConfig, migrateAll } from '@pdca/platform';
import { checkServers, runStep } from './preflight.js';

// Tests use their own database; each test file migrates private schemas in it, and the default
// schema is migrated here for tests that run whole services.
const databaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/pdca_test';

await runStep('test setup', async () => {
  const config = loadConfig({ ...process.env, DATABASE_URL: databaseUrl });
  await checkServers(config.databaseUrl, config.redisUrl);
  const created = await ensureDatabase(config.databaseUrl);
  const pool = createPool(config, 'pdca-test-setup');
  try {
    await migrateAll(config, pool);
  } finally {
    await pool.end();
  }
  process.stderr.write(`test setup: database ${new URL(databaseUrl).pathname.slice(1)} ${created}, migrated\n`);
});
