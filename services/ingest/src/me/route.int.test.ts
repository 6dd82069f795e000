import { createTestEventStore, type TestEventStore } from '@pdca/eventstore/testing';
import { migrateTokens, TokenStore } from '@pdca/platform';
import Fastify, { type FastifyInstance } from 'fastify';
import t from 'tap';
import ingestApp from '../app.js';

let fixture: TestEventStore;
let app: FastifyInstance;
let tokens: TokenStore;

t.before(async () => {
  fixture = await createTestEventStore();
  await migrateTokens(fixture.pool);
  tokens = new TokenStore(fixture.pool);
  app = Fastify();
  await app.register(ingestApp, { pool: fixture.pool, eventStore: fixture.store, tokens, tokenCacheMs: 0 });
});
t.teardown(async () => {
  await app.close();
  await fixture.dispose();
});

t.test('a submitter sees its role and ministry', async (t) => {
  const { token, id } = await tokens.create({ role: 'submitter', ministry: 'MLIT', name: '国土交通省 報告担当' });
  const response = await app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${token}` } });
  t.equal(response.statusCode, 200);
  t.same(response.json(), { tokenId: id, name: '国土交通省 報告担当', role: 'submitter', ministry: 'MLIT' });
});

t.test('no token, an unknown token and a revoked token are 401 problem+json', async (t) => {
  const { token, id } = await tokens.create({ role: 'auditor' });
  await tokens.revoke(id);
  for (const authorization of [undefined, 'Bearer pdca_unknown', `Bearer ${token}`, `Basic ${token}`]) {
    const response = await app.inject({
      method: 'GET',
      url: '/v1/me',
      headers: authorization ? { authorization } : {},
    });
    t.equal(response.statusCode, 401, String(authorization));
    t.match(response.headers['content-type'], /^application\/problem\+json/);
    t.equal(response.headers['www-authenticate'], 'Bearer');
    t.match(response.json(), { status: 401, title: 'Unauthorized' });
  }
});

t.test('tokens are stored only as hashes', async (t) => {
  const { token, id } = await tokens.create({ role: 'secretariat' });
  const { rows } = await fixture.pool.query<{ token_hash: string }>(
    'SELECT token_hash FROM auth.tokens WHERE id = $1',
    [id],
  );
  t.not(rows[0]?.token_hash, token);
  t.notMatch(JSON.stringify(rows), token);
});
