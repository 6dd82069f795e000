import t from 'tap';
import { ConfigError, loadConfig } from './config.js';

t.test('defaults describe a local system on Postgres', async (t) => {
  const config = loadConfig({});
  t.equal(config.databaseUrl, 'postgres://postgres@127.0.0.1:5432/pdca');
  t.same(config.eventStore, { kind: 'postgres', schema: 'eventstore' });
  t.same(config.ports, { ingest: 3001, reports: 3002, projections: 3003 });
  t.ok(Object.isFrozen(config), 'configuration cannot be changed after start-up');
});

t.test('reads and coerces the environment', async (t) => {
  const config = loadConfig({
    INGEST_PORT: '4001',
    EVENT_STORE: 'kurrentdb',
    KURRENTDB_URL: 'esdb://localhost:2113?tls=false',
  });
  t.equal(config.ports.ingest, 4001);
  t.same(config.eventStore, { kind: 'kurrentdb', url: 'esdb://localhost:2113?tls=false' });
});

t.test('fails fast naming the bad variable', async (t) => {
  t.throws(() => loadConfig({ INGEST_PORT: 'eighty' }), { name: 'ConfigError', message: /INGEST_PORT/ });
  t.throws(() => loadConfig({ EVENT_STORE: 'mongodb' }), { name: 'ConfigError', message: /EVENT_STORE/ });
  t.throws(() => loadConfig({ EVENT_STORE_SCHEMA: 'Robert"); DROP' }), {
    name: 'ConfigError',
    message: /EVENT_STORE_SCHEMA/,
  });
  t.throws(() => loadConfig({ EVENT_STORE: 'kurrentdb' }), ConfigError, 'kurrentdb needs a URL');
});
