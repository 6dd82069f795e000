import { randomUUID } from 'node:crypto';
import t from 'tap';
import pg from 'pg';
import type { NewEvent } from '../port.js';
import { createTestEventStore, type TestEventStore } from '../testing.js';

const one = (): NewEvent[] => [{ id: randomUUID(), type: 'Tested', data: {} }];

let fixture: TestEventStore;
t.before(async () => {
  fixture = await createTestEventStore({ pollIntervalMs: 100 });
});
t.teardown(() => fixture.dispose());

/** Opens a transaction that appends through append_events and stays open until `commit` is called. */
async function heldAppend(streamId: string) {
  const client = await fixture.pool.connect();
  await client.query('BEGIN');
  const { rows } = await client.query<{ position: string }>(
    `SELECT position FROM ${pg.escapeIdentifier(fixture.schema)}.append_events($1, 'any', NULL, $2)`,
    [streamId, JSON.stringify(one())],
  );
  return {
    position: Number(rows[0]!.position),
    async commit() {
      await client.query('COMMIT');
      client.release();
    },
  };
}

t.test('an append that commits late is delivered before later positions, never skipped', async (t) => {
  const { store } = fixture;
  const start = await store.headPosition();
  const early = await heldAppend(`order-${randomUUID()}`);
  const late = await store.append(`order-${randomUUID()}`, one(), { expectedVersion: 'any' });
  t.ok(early.position < late.position, 'the held transaction got the lower position');

  const whileHeld = await store.readAll({ after: start, limit: 100 });
  t.same(whileHeld.events, [], 'nothing past the in-flight writer is readable yet');
  t.ok((whileHeld.position ?? -1) < early.position, 'the resume point stays below the in-flight writer');

  const subscription = store.subscribe({ after: start });
  const delivered: number[] = [];
  const consuming = (async () => {
    for await (const batch of subscription) {
      delivered.push(...batch.events.map((e) => e.position));
      if (delivered.length >= 2) return;
    }
  })();
  await new Promise((resolve) => setTimeout(resolve, 300));
  t.same(delivered, [], 'the subscription waits for the in-flight writer');
  await early.commit();
  await consuming;
  await subscription.close();
  t.same(delivered, [early.position, late.position], 'both arrive, in position order');
});

t.test('an unrelated long transaction elsewhere does not stall readers', async (t) => {
  const { store, pool } = fixture;
  const other = await pool.connect();
  await other.query('BEGIN');
  await other.query('CREATE TEMP TABLE unrelated (x int)');
  await other.query('INSERT INTO unrelated VALUES (1)');
  await other.query('SELECT pg_current_xact_id()');
  const start = await store.headPosition();
  const appended = await store.append(`order-${randomUUID()}`, one(), { expectedVersion: 'any' });
  const slice = await store.readAll({ after: start, limit: 100 });
  await other.query('ROLLBACK');
  other.release();
  t.same(
    slice.events.map((e) => e.position),
    [appended.position],
    'the event is readable while a non-writer transaction with an older id is still open',
  );
});

t.test('append_events refuses to run after the transaction already wrote', async (t) => {
  const client = await fixture.pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_current_xact_id()');
    await t.rejects(
      client.query(`SELECT * FROM ${pg.escapeIdentifier(fixture.schema)}.append_events($1, 'any', NULL, $2)`, [
        `order-${randomUUID()}`,
        JSON.stringify(one()),
      ]),
      /first write of its transaction/,
    );
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
});

t.test('stored events cannot be updated, deleted or truncated', async (t) => {
  const { store, pool, schema } = fixture;
  await store.append(`order-${randomUUID()}`, one(), { expectedVersion: 'any' });
  const table = `${pg.escapeIdentifier(schema)}.events`;
  await t.rejects(pool.query(`UPDATE ${table} SET type = 'Changed'`), /immutable/);
  await t.rejects(pool.query(`DELETE FROM ${table}`), /immutable/);
  await t.rejects(pool.query(`TRUNCATE ${table}`), /immutable/);
});

t.test('live delivery survives the listener connection being killed', async (t) => {
  const { store, pool } = fixture;
  const start = await store.headPosition();
  const subscription = store.subscribe({ after: start });
  const iterator = subscription[Symbol.asyncIterator]();
  await iterator.next(); // caught up
  await pool.query(
    `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'pdca-eventstore-listener' AND datname = current_database()`,
  );
  const appended = await store.append(`order-${randomUUID()}`, one(), { expectedVersion: 'any' });
  const next = await iterator.next();
  await subscription.close();
  t.equal(next.done, false);
  t.same(next.done ? [] : next.value.events.map((e) => e.position), [appended.position]);
});

t.test('a fresh migration run on an migrated schema changes nothing', async (t) => {
  const { migrateEventStore, storeLayout } = await import('../index.js');
  const result = await migrateEventStore(fixture.pool, storeLayout(fixture.schema));
  t.same(result.results, [], 'no migration ran twice');
});
