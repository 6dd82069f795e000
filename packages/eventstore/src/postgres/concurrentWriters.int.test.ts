import { randomUUID } from 'node:crypto';
import t from 'tap';
import type { EventStore, NewEvent, Subscription } from '../port.js';
import { createTestEventStore } from '../testing.js';

const WRITERS = 8;
const TARGET_EVENTS = 20_000;
const SHARED_STREAMS = 24;

/** Small deterministic PRNG so a failing run can be replayed from the printed seed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = Math.imul(state ^ (state >>> 15), 1 | state);
    x ^= x + Math.imul(x ^ (x >>> 7), 61 | x);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

async function writer(store: EventStore, index: number, random: () => number, budget: { left: number }, ids: string[]) {
  const own = `own${index}-${randomUUID()}`;
  let ownVersion: number | 'no_stream' = 'no_stream';
  while (budget.left > 0) {
    const size = Math.min(budget.left, [1, 1, 2, 5, 10, 25, 50][Math.floor(random() * 7)]!);
    budget.left -= size;
    const batch: NewEvent[] = Array.from({ length: size }, (_, i) => ({
      id: randomUUID(),
      type: 'Written',
      data: { writer: index, i },
    }));
    if (random() < 0.5) {
      const result = await store.append(own, batch, { expectedVersion: ownVersion });
      ownVersion = result.streamVersion;
    } else {
      const shared = `shared-${Math.floor(random() * SHARED_STREAMS)}`;
      await store.append(shared, batch, { expectedVersion: 'any' });
      if (random() < 0.05) await store.append(shared, batch, { expectedVersion: 'any' }); // an idempotent retry
    }
    ids.push(...batch.map((e) => e.id));
  }
}

/** Consumes until it sees the sentinel event; with `restartAfter`, closes and resumes from its checkpoint often. */
async function consume(store: EventStore, sentinel: string, restartAfter?: () => number) {
  const seen: { id: string; position: number }[] = [];
  const checkpoints: (number | undefined)[] = [];
  let checkpoint: number | undefined;
  let restarts = 0;
  for (;;) {
    const subscription: Subscription = store.subscribe({ after: checkpoint, batchSize: 500 });
    let batchesLeft = restartAfter ? restartAfter() : Infinity;
    let done = false;
    for await (const batch of subscription) {
      seen.push(...batch.events.map((e) => ({ id: e.eventId, position: e.position })));
      checkpoint = batch.position;
      done = batch.events.some((e) => e.eventId === sentinel);
      if (done || --batchesLeft <= 0) break;
    }
    await subscription.close();
    checkpoints.push(checkpoint);
    if (done) return { seen: seen.filter((e) => e.id !== sentinel), restarts, checkpoints };
    restarts += 1;
  }
}

t.test(
  `${WRITERS} concurrent writers, ${TARGET_EVENTS} events: every subscriber sees each event once, in one order`,
  { timeout: 120_000 },
  async (t) => {
    const fixture = await createTestEventStore({ poolSize: WRITERS + 6, pollIntervalMs: 250 });
    t.teardown(() => fixture.dispose());
    const { store } = fixture;
    const seed = Number(process.env.CONCURRENCY_SEED ?? Date.now() % 1_000_000);
    t.comment(`seed ${seed} (set CONCURRENCY_SEED to replay)`);
    const random = prng(seed);
    const sentinel = randomUUID();

    const live = consume(store, sentinel);
    const restarting = consume(store, sentinel, () => 1 + Math.floor(random() * 6));
    const appended: string[] = [];
    const budget = { left: TARGET_EVENTS };
    await Promise.all(
      Array.from({ length: WRITERS }, (_, i) => writer(store, i, prng(seed + i + 1), budget, appended)),
    );
    await store.append('done', [{ id: sentinel, type: 'WritersDone', data: {} }], { expectedVersion: 'no_stream' });
    const [liveResult, restartingResult] = await Promise.all([live, restarting]);

    t.equal(appended.length, TARGET_EVENTS, 'the writers appended the whole budget');
    t.ok(restartingResult.restarts >= 5, `the second subscriber restarted ${restartingResult.restarts} times`);
    for (const [name, result] of [
      ['live', liveResult],
      ['restarting', restartingResult],
    ] as const) {
      const ids = result.seen.map((e) => e.id);
      t.equal(new Set(ids).size, ids.length, `${name}: no event delivered twice`);
      const delivered = new Set(ids);
      const missing = appended.filter((id) => !delivered.has(id));
      t.same(missing, [], `${name}: every appended event delivered`);
      if (missing.length > 0) {
        const positions = await store.readAll({ limit: TARGET_EVENTS + 10 });
        const lost = new Set(missing);
        const missingAt = positions.events.filter((e) => lost.has(e.eventId)).map((e) => e.position);
        t.comment(
          `${name} missed positions ${missingAt.slice(0, 10).join(', ')}; resumed from ${result.checkpoints.join(', ')}`,
        );
      }
      t.ok(
        result.seen.every((e, i) => i === 0 || e.position > result.seen[i - 1]!.position),
        `${name}: positions increase`,
      );
    }
    t.same(
      restartingResult.seen.map((e) => e.id),
      liveResult.seen.map((e) => e.id),
      'both subscribers saw one and the same global order',
    );
  },
);
