import t from 'tap';
import { Kysely, PostgresDialect } from 'kysely';
import { PROJECTIONS } from '../projections.js';
import { appendSyntheticLedger } from '../synthetic/syntheticLedger.js';
import { tableDigest } from '../synthetic/tableDigest.js';
import { projectionsFixture, type ProjectionsFixture } from '../testing.js';
import { rebuildProjection, type RebuildProgress } from './rebuild.js';
import { liveSchema } from './projection.js';

let f: ProjectionsFixture;
t.before(async () => {
  f = await projectionsFixture();
  await appendSyntheticLedger(f.store.store, { kpis: 40, years: 5, correctionsPerPeriod: 2, retractEvery: 7 });
});
t.teardown(() => f.dispose());

const digests = async (prefix: string) =>
  Object.fromEntries(
    await Promise.all(PROJECTIONS.map(async (p) => [p.name, await tableDigest(f.store.pool, liveSchema(p, prefix))])),
  ) as Record<string, Record<string, string>>;

t.test('a rebuild, with writes going on, ends with the tables an incremental build has', async (t) => {
  const live = await f.startApp();
  const referencePrefix = `${f.prefix}ref_`;
  const reference = await f.startApp({ prefix: referencePrefix });
  await f.caughtUp(live);
  const before = await digests(f.prefix);
  t.ok(Number(before.cycles?.kpi_cycles?.split(' ')[0]) > 0, 'there is something to compare');

  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: f.store.pool }) });
  const progress: RebuildProgress[] = [];
  const writes = appendSyntheticLedger(f.store.store, { kpis: 10, years: 2, correctionsPerPeriod: 1, writers: 2 });
  for (const projection of PROJECTIONS) {
    const result = await rebuildProjection({
      projection,
      schema: liveSchema(projection, f.prefix),
      store: f.store.store,
      pool: f.store.pool,
      db,
      batchSize: 200,
      onProgress: (p) => {
        progress.push(p);
      },
    });
    t.equal(result.phase, 'done');
  }
  await writes;
  t.ok(
    progress.some((p) => p.phase === 'replaying' && p.events > 0),
    'progress was reported while replaying',
  );
  t.ok(progress.some((p) => p.phase === 'swapping'));

  await f.caughtUp(live);
  await f.caughtUp(reference);
  t.same(await digests(f.prefix), await digests(referencePrefix), 'rebuilt and incremental tables are identical');
});
