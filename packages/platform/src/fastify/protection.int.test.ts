import { createTestEventStore } from '@pdca/eventstore/testing';
import Fastify from 'fastify';
import t from 'tap';
import { migrateTokens, TokenStore } from '../auth/tokenStore.js';
import { serviceBase } from './serviceBase.js';

t.test('OpenAPI document, docs, security headers and a per-token rate limit', async (t) => {
  const fixture = await createTestEventStore();
  await migrateTokens(fixture.pool);
  const tokens = new TokenStore(fixture.pool);
  const app = Fastify();
  await app.register(serviceBase, {
    pool: fixture.pool,
    eventStore: fixture.store,
    tokens,
    title: 'テスト API',
    rateLimit: { max: 3, windowMs: 60_000 },
  });
  app.get(
    '/v1/ping',
    {
      config: { roles: ['auditor'] },
      schema: { response: { 200: { type: 'object', properties: { ok: { type: 'boolean' } } } } },
    },
    () => ({ ok: true }),
  );
  t.teardown(async () => {
    await app.close();
    await fixture.dispose();
  });

  const openapi = await app.inject({ method: 'GET', url: '/openapi.json' });
  t.equal(openapi.statusCode, 200);
  t.match(openapi.json(), { openapi: /^3\./, info: { title: 'テスト API' }, paths: { '/v1/ping': {} } });
  const docs = await app.inject({ method: 'GET', url: '/docs' });
  t.ok([200, 302].includes(docs.statusCode), `docs answer ${docs.statusCode}`);
  t.equal(openapi.headers['x-content-type-options'], 'nosniff', 'security headers are set');

  const { token } = await tokens.create({ role: 'auditor' });
  const call = () => app.inject({ method: 'GET', url: '/v1/ping', headers: { authorization: `Bearer ${token}` } });
  const statuses = [];
  for (let i = 0; i < 4; i++) statuses.push((await call()).statusCode);
  t.same(statuses, [200, 200, 200, 429], 'the fourth call in the window is limited');
  const limited = await call();
  t.match(limited.headers['content-type'], /^application\/problem\+json/);
  t.match(limited.json(), { status: 429, title: /Too Many Requests/ });
});
