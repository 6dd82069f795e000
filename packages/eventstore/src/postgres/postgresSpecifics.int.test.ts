import { randomUUID } from 'node:crypto';
import t from 'tap';
import pg from 'pg';
import { DuplicateEventIds } from '../errors.js';
import type { NewEvent } from '../port.js';
import { createTestEventStore, type TestEventStore } from '../testing.js';

const events = (n: number): NewEvent[] =>
  Array.from({ length: n }, () => ({ id: randomUUID(), type: 'Tested', data: {} }));

let fixture: TestEventStore;
t.before(async () => {
  fixture = await createTestEventStore({ pollIntervalMs: 100 });
});
t.teardown(() => fixture.dispose());

t.test('only the exact earlier append counts as a retry: a subset or a reordering is refused', async (t) => {
  const { store } = fixture;
  const id = `strict-${randomUUID()}`;
  const batch = events(3);
  await store.append(id, batch, { expectedVersion: 'no_stream' });
  await t.rejects(store.append(id, batch.slice(0, 2), { expectedVersion: 'no_stream' }), DuplicateEventIds);
  await t.rejects(store.append(id, [batch[1]!, batch[0]!, batch[2]!], { expectedVersion: 'any' }), DuplicateEventIds);
  t.equal((await store.readStream(id)).length, 3, 'nothing was written twice');
});

t.test('a retry must carry the same types and data; only metadata may differ', async (t) => {
  const { store } = fixture;
  const id = `same-content-${randomUUID()}`;
  const event = { id: randomUUID(), type: 'Tested', data: { value: 1, nested: { a: 1, b: 2 } }, metadata: { try: 1 } };
  const first = await store.append(id, [event], { expectedVersion: 'no_stream' });
  const retry = { ...event, data: { nested: { b: 2, a: 1 }, value: 1 }, metadata: { try: 2 } };
  t.same(await store.append(id, [retry], { expectedVersion: 'no_stream' }), first, 'key order is not content');
  await t.rejects(
    store.append(id, [{ ...event, data: { value: 2, nested: { a: 1, b: 2 } } }], { expectedVersion: 'no_stream' }),
    DuplicateEventIds,
  );
  await t.rejects(store.append(id, [{ ...event, type: 'Other' }], { expectedVersion: 'any' }), DuplicateEventIds);
  t.equal((await store.readStream(id)).length, 1);
});

t.test('an append that would pass 2^53 is refused before it commits', async (t) => {
  const isolated = await createTestEventStore();
  t.teardown(() => isolated.dispose());
  await isolated.pool.query(
    `UPDATE ${pg.escapeIdentifier(isolated.schema)}.store_info SET base_xid = base_xid - (1::bigint << 40)`,
  );
  const id = `exhausted-${randomUUID()}`;
  await t.rejects(isolated.store.append(id, events(1), { expectedVersion: 'any' }), /global positions exhausted/);
  t.equal((await isolated.pool.query(`SELECT 1 FROM ${pg.escapeIdentifier(isolated.schema)}.events`)).rowCount, 0);
});

t.test('closing the store ends its open subscriptions', async (t) => {
  const isolated = await createTestEventStore();
  const subscription = isolated.store.subscribe();
  const consumed = (async () => {
    let batches = 0;
    for await (const batch of subscription) batches += batch.events.length >= 0 ? 1 : 0;
    return batches;
  })();
  await new Promise((resolve) => setTimeout(resolve, 100));
  await isolated.dispose();
  t.equal(await consumed, 1, 'the iteration ended after the caught-up batch');
});
