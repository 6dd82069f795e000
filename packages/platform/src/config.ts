import { Type, type Static } from '@sinclair/typebox';
import { envSchema } from 'env-schema';

const Port = (fallback: number) => Type.Integer({ minimum: 1, maximum: 65535, default: fallback });

export const ConfigSchema = Type.Object({
  DATABASE_URL: Type.String({ pattern: '^postgres(ql)?://', default: 'postgres://postgres@127.0.0.1:5432/pdca' }),
  REDIS_URL: Type.String({ pattern: '^rediss?://', default: 'redis://127.0.0.1:6379' }),
  EVENT_STORE: Type.Union([Type.Literal('postgres'), Type.Literal('kurrentdb')], { default: 'postgres' }),
  EVENT_STORE_SCHEMA: Type.String({ pattern: '^[a-z_][a-z0-9_]{0,47}$', default: 'eventstore' }),
  READ_MODEL_SCHEMA_PREFIX: Type.String({ pattern: '^[a-z_][a-z0-9_]{0,31}$', default: 'rm_' }),
  KURRENTDB_URL: Type.Optional(Type.String({ pattern: '^(esdb|kurrentdb)(\\+discover)?://' })),
  HOST: Type.String({ default: '127.0.0.1' }),
  INGEST_PORT: Port(3001),
  REPORTS_PORT: Port(3002),
  PROJECTIONS_PORT: Port(3003),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level) => Type.Literal(level)),
    { default: 'info' },
  ),
  // Small on purpose: on a few cores, more connections only add contention (~2 per core plus some slack).
  PG_POOL_MAX: Type.Integer({ minimum: 1, maximum: 500, default: 10 }),
  PG_STATEMENT_TIMEOUT_MS: Type.Integer({ minimum: 100, default: 30_000 }),
  SHUTDOWN_TIMEOUT_MS: Type.Integer({ minimum: 100, default: 10_000 }),
  RATE_LIMIT_PER_SECOND: Type.Integer({ minimum: 1, default: 5000 }),
});

type Env = Static<typeof ConfigSchema>;

export interface Config {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly eventStore:
    { readonly kind: 'postgres'; readonly schema: string } | { readonly kind: 'kurrentdb'; readonly url: string };
  /** Read-model schemas are named <prefix><projection>. */
  readonly readModelSchemaPrefix: string;
  readonly host: string;
  readonly ports: { readonly ingest: number; readonly reports: number; readonly projections: number };
  readonly logLevel: string;
  readonly pgPoolMax: number;
  readonly pgStatementTimeoutMs: number;
  readonly shutdownTimeoutMs: number;
  /** Requests each token may make per second. */
  readonly rateLimitPerSecond: number;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(`invalid configuration: ${message}`);
    this.name = 'ConfigError';
  }
}

/** Validates the environment once, at start-up; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  let raw: Env;
  try {
    raw = envSchema<Env>({ schema: ConfigSchema, data: env, dotenv: false });
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  if (raw.EVENT_STORE === 'kurrentdb' && !raw.KURRENTDB_URL)
    throw new ConfigError('EVENT_STORE=kurrentdb needs KURRENTDB_URL (e.g. esdb://localhost:2113?tls=false)');
  return Object.freeze({
    databaseUrl: raw.DATABASE_URL,
    redisUrl: raw.REDIS_URL,
    eventStore:
      raw.EVENT_STORE === 'kurrentdb'
        ? { kind: 'kurrentdb' as const, url: raw.KURRENTDB_URL! }
        : { kind: 'postgres' as const, schema: raw.EVENT_STORE_SCHEMA },
    readModelSchemaPrefix: raw.READ_MODEL_SCHEMA_PREFIX,
    host: raw.HOST,
    ports: { ingest: raw.INGEST_PORT, reports: raw.REPORTS_PORT, projections: raw.PROJECTIONS_PORT },
    logLevel: raw.LOG_LEVEL,
    pgPoolMax: raw.PG_POOL_MAX,
    pgStatementTimeoutMs: raw.PG_STATEMENT_TIMEOUT_MS,
    shutdownTimeoutMs: raw.SHUTDOWN_TIMEOUT_MS,
    rateLimitPerSecond: raw.RATE_LIMIT_PER_SECOND,
  });
}
