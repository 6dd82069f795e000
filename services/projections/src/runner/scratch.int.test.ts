import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { PROJECTIONS } from '../projections.js';
import { appendSyntheticLedger } from '../synthetic/syntheticLedger.js';
import { tableDigest } from '../synthetic/tableDigest.js';
import { projectionsFixture, type ProjectionsFixture } from '../testing.js';
import { readCheckpoint } from './checkpoint.js';
import { liveSchema } from './projection.js';
import { replayInTransaction, type Bound } from './scratch.js';

let f: ProjectionsFixture;
let db: Kysely<unknown>;
t.before(async () => {
  f = await projectionsFixture();
  db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: f.store.pool }) });
  await appendSyntheticLedger(f.store.store, { kpis: 30, years: 4, correctionsPerPeriod: 2, retractEvery: 5 });
});
t.teardown(() => f.dispose());

const liveDigests = () => Promise.all(PROJECTIONS.map((p) => tableDigest(f.store.pool, liveSchema(p, f.prefix))));

/** Replays every projection up to `until` in one transaction, digests the scratch tables, rolls back. */
async function scratchDigests(until: Bound, schemaPrefix: string) {
  const trx = await db.startTransaction().execute();
  try {
    const result = [];
    for (const projection of PROJECTIONS) {
      const schema = `${schemaPrefix}${projection.name}`;
      const replay = await replayInTransaction(trx, {
        projection,
        schema,
        store: f.store.store,
        until,
        batchSize: 300,
      });
      result.push({ replay, digest: await tableDigest(trx, schema), checkpoint: await readCheckpoint(trx, schema) });
    }
    return result;
  } finally {
    await trx.rollback().execute();
  }
}

t.test('replaying up to a past position gives the tables the live worker had there', async (t) => {
  const live = await f.startApp();
  await f.caughtUp(live);
  const then = await liveDigests();
  const head = (await f.store.store.headPosition())!;
  const liveCheckpoints = await Promise.all(PROJECTIONS.map((p) => readCheckpoint(db, liveSchema(p, f.prefix))));
  await sleep(20);
  const betweenWrites = new Date();
  await sleep(20);
  await appendSyntheticLedger(f.store.store, { kpis: 8, years: 2, correctionsPerPeriod: 1, retractEvery: 3 });
  await f.caughtUp(live);
  t.notSame(await liveDigests(), then, 'the live tables have moved on');

  const prefix = `${f.prefix}scratch_`;
  const byPosition = await scratchDigests({ position: head }, prefix);
  t.same(
    byPosition.map((r) => r.digest),
    then,
    'identical, table by table',
  );
  t.same(
    byPosition.map((r) => r.checkpoint.lastEventAt),
    liveCheckpoints.map((c) => c.lastEventAt),
    'the checkpoint names the same last event the live one did',
  );
  t.ok(byPosition.every((r) => r.replay.events > 0));

  const byTime = await scratchDigests({ time: betweenWrites }, prefix);
  t.same(
    byTime.map((r) => r.digest),
    then,
    'a time between the writes gives the same tables',
  );
  t.ok(byTime.every((r) => r.replay.position !== null && r.replay.position <= head));

  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM pg_namespace WHERE nspname LIKE ${`${prefix}%`}`.execute(db);
  t.equal(rows[0]?.n, 0, 'rolled back, nothing is left behind');
});

t.test('two scratch replays run side by side, each at its own bound', async (t) => {
  const head = (await f.store.store.headPosition())!;
  const [a, b] = await Promise.all([
    scratchDigests({ position: head }, `${f.prefix}scratch_a_`),
    scratchDigests({ position: 1 }, `${f.prefix}scratch_b_`),
  ]);
  t.notSame(
    a.map((r) => r.digest),
    b.map((r) => r.digest),
  );
});
