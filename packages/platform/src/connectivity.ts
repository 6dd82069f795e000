import { Redis } from 'ioredis';
import pg from 'pg';
import { redact } from './postgres.js';

export class ServiceUnreachable extends Error {
  constructor(
    readonly service: 'PostgreSQL' | 'Redis',
    readonly url: string,
    readonly reason: string,
    readonly howToStart: readonly string[],
  ) {
    super(`${service} is not reachable at ${redact(url)} (${reason}).`);
    this.name = 'ServiceUnreachable';
  }

  /** The message for a person at a terminal: what is wrong and how to fix it, no stack trace. */
  explain(): string {
    return [
      this.message,
      `Start ${this.service}, for example with one of:`,
      ...this.howToStart.map((h) => `  ${h}`),
    ].join('\n');
  }
}

const reasonOf = (error: unknown): string => {
  const e = error as { code?: string; message?: string };
  return e.code ? `${e.code}: ${e.message ?? ''}`.trim() : (e.message ?? String(error));
};

export async function checkPostgres(url: string, timeoutMs = 3000): Promise<void> {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new ServiceUnreachable('PostgreSQL', url, reasonOf(error), [
      'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start   (Debian/Ubuntu)',
      'sudo service postgresql start',
      'docker compose up -d postgres',
      'or set DATABASE_URL to a reachable server',
    ]);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function checkRedis(url: string, timeoutMs = 3000): Promise<void> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new ServiceUnreachable('Redis', url, reasonOf(error), [
      'redis-server --daemonize yes --bind 127.0.0.1 --port 6379',
      'sudo service redis-server start',
      'docker compose up -d redis',
      'or set REDIS_URL to a reachable server',
    ]);
  } finally {
    redis.disconnect();
  }
}
