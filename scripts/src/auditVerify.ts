import { PostgresEventStore, verifyLog } from '@pdca/eventstore';
import { checkPostgres, createPool, loadConfig } from '@pdca/platform';

/**
 * Re-computes the PostgreSQL event store's hash chain and prints the result as JSON on stdout; exits 1
 * at the first broken link.
 */
export async function auditVerify(): Promise<void> {
  const config = loadConfig();
  if (config.eventStore.kind !== 'postgres')
    throw new Error('audit verify checks the PostgreSQL event store; KurrentDB keeps its own log');
  await checkPostgres(config.databaseUrl);
  const pool = createPool(config, 'pdca-admin');
  const store = new PostgresEventStore({ pool, schema: config.eventStore.schema });
  try {
    const started = performance.now();
    const result = await verifyLog(pool, store);
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    process.stderr.write(
      result.ok
        ? `admin: the log is intact: ${result.events} events, sealed through ${result.sealedThrough ?? '—'} (${seconds} s)\n`
        : `admin: BROKEN at position ${result.firstBreak!.position}: ${result.firstBreak!.kind}, ${result.firstBreak!.detail}\n`,
    );
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    if (!result.ok) process.exitCode = 1;
  } finally {
    await store.close();
    await pool.end();
  }
}
