import { createPool, ensureDatabase, loadConfig, migrateAll } from '@pdca/platform';
import { checkPostgres } from '@pdca/platform';
import { runStep } from './preflight.js';

await runStep('migrate', async () => {
  const config = loadConfig();
  await checkPostgres(config.databaseUrl);
  await ensureDatabase(config.databaseUrl);
  const pool = createPool(config, 'pdca-migrate');
  try {
    const applied = await migrateAll(config, pool);
    process.stdout.write(applied.length ? `applied ${applied.join(', ')}\n` : 'database is up to date\n');
  } finally {
    await pool.end();
  }
});
