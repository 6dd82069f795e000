import { randomUUID } from 'node:crypto';
import type { Test } from 'tap';
import { DuplicateEventIds, InvalidAppend, StreamNotFound, WrongExpectedVersion } from '../errors.js';
import type { EventStore, NewEvent, RecordedEvent } from '../port.js';

export interface ContractFixture {
  readonly store: EventStore;
  dispose(): Promise<void>;
}

const event = (type = 'Tested', data: NewEvent['data'] = {}): NewEvent => ({
  id: randomUUID(),
  type,
  data,
  metadata: { actor: 'contract' },
});
const events = (n: number, type = 'Tested'): NewEvent[] => Array.from({ length: n }, (_, i) => event(type, { i }));
/** The error a promise rejects with, or a marker that fails every match when it resolves. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return 'resolved without an error';
}

const stream = (category = 'contract'): string => `${category}-${randomUUID()}`;

async function readAllAfter(store: EventStore, after: number | undefined, streams: readonly string[]) {
  const found: RecordedEvent[] = [];
  for (let position = after; ;) {
    const slice = await store.readAll({ after: position, limit: 500 });
    found.push(...slice.events.filter((e) => streams.includes(e.streamId)));
    position = slice.position;
    if (slice.isEnd) return found;
  }
}

/** The behaviour every adapter of the EventStore port must show. Runs against a shared store. */
export function eventStoreContract(t: Test, setup: () => Promise<ContractFixture>): void {
  let fixture: ContractFixture;
  t.before(async () => {
    fixture = await setup();
  });
  t.teardown(() => fixture.dispose());

  t.test('appends to a new stream with 0-based versions and increasing positions', async (t) => {
    const { store } = fixture;
    const id = stream();
    const first = await store.append(id, events(3), { expectedVersion: 'no_stream' });
    t.equal(first.streamVersion, 2);
    const second = await store.append(id, events(1), { expectedVersion: 2 });
    t.equal(second.streamVersion, 3);
    t.ok(second.position > first.position, 'a later append has a higher global position');
    const read = await store.readStream(id);
    t.same(
      read.map((e) => e.streamVersion),
      [0, 1, 2, 3],
    );
    t.equal(read[2]?.position, first.position, 'the append reports the last event position');
    t.ok(read.every((e, i) => i === 0 || e.position > read[i - 1]!.position));
  });

  t.test('enforces expected versions and reports the actual one', async (t) => {
    const { store } = fixture;
    const id = stream();
    const missing = await rejection(store.append(id, events(1), { expectedVersion: 'stream_exists' }));
    t.type(missing, WrongExpectedVersion);
    t.match(missing, { expected: 'stream_exists', actual: 'no_stream' });
    t.match(await rejection(store.append(id, events(1), { expectedVersion: 0 })), { actual: 'no_stream' });
    await store.append(id, events(2), { expectedVersion: 'no_stream' });
    const exists = await rejection(store.append(id, events(1), { expectedVersion: 'no_stream' }));
    t.type(exists, WrongExpectedVersion);
    t.match(exists, { expected: 'no_stream', actual: 1 });
    t.match(await rejection(store.append(id, events(1), { expectedVersion: 0 })), { expected: 0, actual: 1 });
    t.equal((await store.append(id, events(1), { expectedVersion: 1 })).streamVersion, 2);
    t.equal((await store.append(id, events(1), { expectedVersion: 'stream_exists' })).streamVersion, 3);
    t.equal((await store.append(id, events(1), { expectedVersion: 'any' })).streamVersion, 4);
    t.equal((await store.readStream(id)).length, 5, 'refused appends wrote nothing');
  });

  t.test('re-appending the same event ids is idempotent', async (t) => {
    const { store } = fixture;
    const id = stream();
    const batch = events(3);
    const first = await store.append(id, batch, { expectedVersion: 'no_stream' });
    t.same(await store.append(id, batch, { expectedVersion: 'no_stream' }), first, 'same expected version');
    t.same(await store.append(id, batch, { expectedVersion: 'any' }), first, 'any');
    const later = events(1);
    const second = await store.append(id, later, { expectedVersion: 2 });
    t.same(await store.append(id, later, { expectedVersion: 2 }), second, 'retry after the stream moved on');
    t.equal((await store.readStream(id)).length, 4, 'no duplicates were written');
    t.type(await rejection(store.append(id, [batch[0]!, event()], { expectedVersion: 'any' })), DuplicateEventIds);
  });

  t.test('rejects malformed appends and writes nothing', async (t) => {
    const { store } = fixture;
    const id = stream();
    t.type(await rejection(store.append(id, [], { expectedVersion: 'any' })), InvalidAppend);
    const badId = [{ ...event(), id: 'not-a-uuid' }];
    t.type(await rejection(store.append(id, badId, { expectedVersion: 'any' })), InvalidAppend);
    const twice = event();
    t.type(await rejection(store.append(id, [twice, twice], { expectedVersion: 'any' })), InvalidAppend);
    t.type(await rejection(store.append(id, events(1), { expectedVersion: -1 })), InvalidAppend);
    t.type(await rejection(store.readStream(id)), StreamNotFound);
  });

  t.test('reads a stream within version, position and time bounds', async (t) => {
    const { store } = fixture;
    const id = stream();
    await store.append(id, events(3), { expectedVersion: 'no_stream' });
    const middle = await store.append(id, events(1), { expectedVersion: 2 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const cutoff = new Date();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await store.append(id, events(2), { expectedVersion: 3 });
    const versions = (read: RecordedEvent[]) => read.map((e) => e.streamVersion);
    t.same(versions(await store.readStream(id, { fromVersion: 2 })), [2, 3, 4, 5]);
    t.same(versions(await store.readStream(id, { fromVersion: 1, toVersion: 3 })), [1, 2, 3]);
    t.same(versions(await store.readStream(id, { toPosition: middle.position })), [0, 1, 2, 3]);
    t.same(versions(await store.readStream(id, { toTime: cutoff })), [0, 1, 2, 3]);
    t.same(versions(await store.readStream(id, { maxCount: 2 })), [0, 1]);
    t.same(await store.readStream(id, { fromVersion: 10 }), [], 'an existing stream read past its end is empty');
    t.type(await rejection(store.readStream(stream())), StreamNotFound);
  });

  t.test('readAll returns events after a position in global order, filtered by type and category', async (t) => {
    const { store } = fixture;
    const start = await store.headPosition();
    const kpi = stream('kpicontract');
    const roadmap = stream('roadmapcontract');
    await store.append(kpi, [event('KpiActualReported'), event('KpiActualCorrected')], { expectedVersion: 'any' });
    await store.append(roadmap, [event('MilestoneReported')], { expectedVersion: 'any' });
    await store.append(kpi, [event('KpiActualReported')], { expectedVersion: 'any' });
    const all = await readAllAfter(store, start, [kpi, roadmap]);
    t.same(
      all.map((e) => [e.streamId, e.streamVersion]),
      [
        [kpi, 0],
        [kpi, 1],
        [roadmap, 0],
        [kpi, 2],
      ],
    );
    t.ok(
      all.every((e, i) => i === 0 || e.position > all[i - 1]!.position),
      'positions strictly increase',
    );

    const byType = await store.readAll({ after: start, limit: 1000, types: ['MilestoneReported'] });
    t.same(
      byType.events.filter((e) => e.streamId === roadmap).map((e) => e.type),
      ['MilestoneReported'],
    );
    t.ok(byType.events.every((e) => e.type === 'MilestoneReported'));
    const byCategory = await store.readAll({ after: start, limit: 1000, categories: ['kpicontract'] });
    t.ok(byCategory.events.length >= 3 && byCategory.events.every((e) => e.streamId.startsWith('kpicontract-')));

    const paged: RecordedEvent[] = [];
    for (let position = start; ;) {
      const slice = await store.readAll({ after: position, limit: 1 });
      paged.push(...slice.events.filter((e) => e.streamId === kpi || e.streamId === roadmap));
      position = slice.position;
      if (slice.isEnd) break;
    }
    t.same(
      paged.map((e) => e.eventId),
      all.map((e) => e.eventId),
      'paging one by one sees the same order',
    );
  });

  t.test('categories match the part before the first dash exactly, also for streams without a dash', async (t) => {
    const { store } = fixture;
    const start = await store.headPosition();
    const suffix = randomUUID().replaceAll('-', '');
    const plain = `plain${suffix}`;
    await store.append(plain, events(1), { expectedVersion: 'any' });
    await store.append(`cat_${suffix}-1`, events(1), { expectedVersion: 'any' });
    await store.append(`catX${suffix}-1`, events(1), { expectedVersion: 'any' });
    const noDash = await store.readAll({ after: start, limit: 1000, categories: [plain] });
    t.same(
      noDash.events.map((e) => e.streamId),
      [plain],
      'a stream without a dash is its own category',
    );
    const underscore = await store.readAll({ after: start, limit: 1000, categories: [`cat_${suffix}`] });
    t.same(
      underscore.events.map((e) => e.streamId),
      [`cat_${suffix}-1`],
      '_ is not a wildcard',
    );
  });

  t.test('event ids are canonical lower-case UUIDs, whatever case they were sent in', async (t) => {
    const { store } = fixture;
    const id = stream();
    const upper = { ...event(), id: randomUUID().toUpperCase() };
    const first = await store.append(id, [upper], { expectedVersion: 'no_stream' });
    t.same(await store.append(id, [{ ...upper, id: upper.id.toLowerCase() }], { expectedVersion: 'no_stream' }), first);
    const [read] = await store.readStream(id);
    t.equal(read?.eventId, upper.id.toLowerCase());
  });

  t.test('round-trips Japanese text and nested JSON in data and metadata', async (t) => {
    const { store } = fixture;
    const id = stream();
    const data = { name: '地方創生に関する総合戦略', value: 1.5, nested: { list: [1, '令和7年度', null, true] } };
    const metadata = { actor: '内閣官房', ministry: 'CAS', schemaVersion: 1 };
    await store.append(id, [{ id: randomUUID(), type: 'KpiDefined', data, metadata }], { expectedVersion: 'any' });
    const [read] = await store.readStream(id);
    t.same(read?.data, data);
    t.same(read?.metadata, metadata);
    t.equal(read?.type, 'KpiDefined');
    t.ok(read && Math.abs(read.recordedAt.getTime() - Date.now()) < 60_000, 'recordedAt is the store time');
  });

  t.test('a subscription catches up, then delivers live appends exactly once in order', async (t) => {
    const { store } = fixture;
    const start = await store.headPosition();
    const id = stream('subcontract');
    await store.append(id, events(5), { expectedVersion: 'no_stream' });
    const subscription = store.subscribe({ after: start, batchSize: 2, categories: ['subcontract'] });
    const seen: RecordedEvent[] = [];
    let caughtUp = false;
    let appendedLive = false;
    for await (const batch of subscription) {
      t.ok(batch.events.length <= 2, 'batches respect batchSize');
      seen.push(...batch.events.filter((e) => e.streamId === id));
      caughtUp ||= batch.caughtUp;
      if (caughtUp && !appendedLive) {
        appendedLive = true;
        await store.append(id, events(3), { expectedVersion: 4 });
      }
      if (seen.length >= 8) break;
    }
    await subscription.close();
    t.ok(caughtUp, 'the subscription reported catching up');
    t.same(
      seen.map((e) => e.streamVersion),
      [0, 1, 2, 3, 4, 5, 6, 7],
    );
  });

  t.test('racing appends with the same expected version: one wins, the other learns the actual version', async (t) => {
    const { store } = fixture;
    const id = stream();
    await store.append(id, events(1), { expectedVersion: 'no_stream' });
    const results = await Promise.allSettled([
      store.append(id, events(3), { expectedVersion: 0 }),
      store.append(id, events(3), { expectedVersion: 0 }),
    ]);
    t.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    const loser = results.find((r) => r.status === 'rejected');
    t.type(loser?.status === 'rejected' && loser.reason, WrongExpectedVersion);
    t.match(loser, { reason: { expected: 0, actual: 3 } });
    const read = await store.readStream(id);
    t.equal(read.length, 4, 'the losing batch wrote nothing');
  });

  t.test('headPosition is the position of the last readable event', async (t) => {
    const { store } = fixture;
    const appended = await store.append(stream(), events(2), { expectedVersion: 'no_stream' });
    t.ok(((await store.headPosition()) ?? -1) >= appended.position);
    t.equal(await store.ping(), true);
  });
}
