import { checkPostgres, checkRedis, ConfigError, ServiceUnreachable } from '@pdca/platform';

/**
 * Runs a command-line step and turns the failures a person can fix (bad configuration, a server that is
 * not running) into a plain message and exit code 1 instead of a stack trace.
 */
export async function runStep(name: string, step: () => Promise<void>): Promise<void> {
  try {
    await step();
  } catch (error) {
    if (error instanceof ServiceUnreachable) process.stderr.write(`${name}: ${error.explain()}\n`);
    else if (error instanceof ConfigError) process.stderr.write(`${name}: ${error.message}\n`);
    else throw error;
    process.exit(1);
  }
}

export async function checkServers(databaseUrl: string, redisUrl: string): Promise<void> {
  await checkPostgres(databaseUrl);
  await checkRedis(redisUrl);
}
