import { checkPostgres, createPool, ensureDatabase, loadConfig, migrateAll } from '@pdca/platform';
import { runStep } from './preflight.js';
import { seedFromFiles } from './seeding.js';

await runStep('seed', async () => {
  const config = loadConfig();
  await checkPostgres(config.databaseUrl);
  await ensureDatabase(config.databaseUrl);
  const pool = createPool(config, 'pdca-seed');
  try {
    await migrateAll(config, pool);
    const result = await seedFromFiles(config, pool, (error) => process.stderr.write(`seed: ${String(error)}\n`));
    const types = Object.entries(result.byType).map(([type, n]) => `${type} ${n}`);
    process.stdout.write(
      result.appended === 0
        ? `catalog up to date (${result.entries} entries)\n`
        : `appended ${result.appended} events for ${result.entries} entries: ${types.join(', ')}\n`,
    );
  } finally {
    await pool.end();
  }
});
