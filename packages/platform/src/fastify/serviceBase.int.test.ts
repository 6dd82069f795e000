import { createTestEventStore } from '@pdca/eventstore/testing';
import Fastify from 'fastify';
import pg from 'pg';
import t from 'tap';
import { TokenStore } from '../auth/tokenStore.js';
import { serviceBase } from './serviceBase.js';

t.test('health, readiness and problem+json for unknown routes', async (t) => {
  const fixture = await createTestEventStore();
  t.teardown(() => fixture.dispose());
  const app = Fastify();
  await app.register(serviceBase, {
    pool: fixture.pool,
    eventStore: fixture.store,
    tokens: new TokenStore(fixture.pool),
  });
  t.teardown(() => app.close());

  const health = await app.inject({ method: 'GET', url: '/health' });
  t.equal(health.statusCode, 200);
  t.same(health.json(), { status: 'ok' });

  const ready = await app.inject({ method: 'GET', url: '/ready' });
  t.equal(ready.statusCode, 200);
  t.same(ready.json().checks, [
    { name: 'postgres', ok: true },
    { name: 'eventStore', ok: true },
  ]);

  const missing = await app.inject({ method: 'GET', url: '/nowhere' });
  t.equal(missing.statusCode, 404);
  t.match(missing.headers['content-type'], /^application\/problem\+json/);
  t.match(missing.json(), { status: 404, title: 'Not Found', instance: '/nowhere' });
});

t.test('not ready, with a problem document, when Postgres is gone', async (t) => {
  const fixture = await createTestEventStore();
  t.teardown(() => fixture.dispose());
  const dead = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:1/pdca', connectionTimeoutMillis: 300 });
  const app = Fastify();
  await app.register(serviceBase, { pool: dead, eventStore: fixture.store, tokens: new TokenStore(dead) });
  t.teardown(async () => {
    await app.close();
    await dead.end();
  });
  const ready = await app.inject({ method: 'GET', url: '/ready' });
  t.equal(ready.statusCode, 503);
  t.match(ready.headers['content-type'], /^application\/problem\+json/);
  t.match(ready.json(), {
    status: 503,
    detail: /postgres/,
    checks: [
      { name: 'postgres', ok: false },
      { name: 'eventStore', ok: true },
    ],
  });
});
