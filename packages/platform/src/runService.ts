import closeWithGrace from 'close-with-grace';
import Fastify, { type FastifyPluginAsync } from 'fastify';
import { pino } from 'pino';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createEventStore } from './eventStore.js';
import type { Infrastructure } from './fastify/infrastructure.js';
import { validatorOptions } from './fastify/options.js';
import { createPool } from './postgres.js';
import { TokenStore } from './auth/tokenStore.js';

export interface ServiceDefinition {
  readonly name: string;
  readonly port: (config: Config) => number;
  readonly app: FastifyPluginAsync<Infrastructure>;
}

/** The process side of a service: config, logger, collaborators, listen, graceful shutdown on SIGTERM. */
export async function runService(definition: ServiceDefinition): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${definition.name}: ${error.message}\n`);
    process.exit(1);
  }
  const logger = pino({ level: config.logLevel, base: { service: definition.name } });
  const pool = createPool(config, `pdca-${definition.name}`);
  pool.on('error', (err) => logger.error({ err }, 'idle Postgres client failed'));
  const eventStore = createEventStore(config, pool, (err) => logger.warn({ err }, 'event store notification issue'));

  const app = Fastify({
    loggerInstance: logger,
    requestIdHeader: 'x-request-id',
    genReqId: () => crypto.randomUUID(),
    ...validatorOptions,
    connectionTimeout: 30_000,
  });
  await app.register(definition.app, {
    pool,
    eventStore,
    tokens: new TokenStore(pool),
    readModelSchemaPrefix: config.readModelSchemaPrefix,
    redisUrl: config.redisUrl,
    rateLimit: { max: config.rateLimitPerSecond, windowMs: 1000 },
  });

  closeWithGrace({ delay: config.shutdownTimeoutMs }, async ({ signal, err }) => {
    if (err) logger.error({ err }, 'shutting down after an error');
    else logger.info({ signal }, 'shutting down');
    // The app's own close hooks (subscriptions, workers) still use the store and pool: close those last.
    await app.close();
    await eventStore.close();
    await pool.end();
  });
  await app.listen({ host: config.host, port: definition.port(config) });
}
