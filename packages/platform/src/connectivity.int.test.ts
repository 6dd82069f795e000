import t from 'tap';
import { checkPostgres, checkRedis, ServiceUnreachable } from './connectivity.js';

const closedPort = 'postgres://postgres@127.0.0.1:1/pdca';

t.test('reachable Postgres and Redis pass', async (t) => {
  await t.resolves(checkPostgres(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/pdca_test'));
  await t.resolves(checkRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'));
});

t.test('an unreachable server is explained with how to start it, not a stack trace', async (t) => {
  const pgError = await checkPostgres(closedPort, 500).catch((e: unknown) => e);
  t.type(pgError, ServiceUnreachable);
  const explained = (pgError as ServiceUnreachable).explain();
  t.match(explained, /PostgreSQL is not reachable at postgres:\/\/postgres@127\.0\.0\.1:1\/pdca \(ECONNREFUSED/);
  t.match(explained, /pg_ctlcluster/);
  t.notMatch(explained, /\n\s+at /, 'no stack frames');

  const redisError = await checkRedis('redis://127.0.0.1:1', 500).catch((e: unknown) => e);
  t.type(redisError, ServiceUnreachable);
  t.match(
    (redisError as ServiceUnreachable).explain(),
    /Redis is not reachable at redis:\/\/127\.0\.0\.1:1.*\n.*redis-server/s,
  );
});
