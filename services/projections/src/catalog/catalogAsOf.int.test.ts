import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { Kysely, PostgresDialect } from 'kysely';
import { replayInTransaction, type Bound } from '../runner/scratch.js';
import { liveSchema } from '../runner/projection.js';
import { tableDigest } from '../synthetic/tableDigest.js';
import { projectionsFixture, VISITORS_TARGET_4500, type ProjectionsFixture } from '../testing.js';
import { catalogAsOf } from './catalogAsOf.js';
import { catalogProjection } from './catalogProjection.js';

const VISITORS = 'kpi-outcome-a-4.1';
const THEATRES = 'roadmap-a.u3.r3';
let f: ProjectionsFixture;
let db: Kysely<unknown>;
t.before(async () => {
  f = await projectionsFixture();
  db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: f.store.pool }) });
});
t.teardown(() => f.dispose());

/** Digests of the rewound catalog and of a full replay, each in its own rolled-back transaction. */
async function both(until: Bound) {
  const digest = async (build: (trx: Kysely<unknown>, schema: string) => Promise<unknown>) => {
    const trx = await db.startTransaction().setIsolationLevel('repeatable read').execute();
    try {
      const schema = `${f.prefix}asof_catalog`;
      await build(trx, schema);
      return await tableDigest(trx, schema);
    } finally {
      await trx.rollback().execute();
    }
  };
  const live = liveSchema(catalogProjection, f.prefix);
  return {
    rewound: await digest((trx, schema) => catalogAsOf(trx, { live, schema, store: f.store.store, until })),
    replayed: await digest((trx, schema) =>
      replayInTransaction(trx, { projection: catalogProjection, schema, store: f.store.store, until }),
    ),
  };
}

t.test('the catalog rewound to any past moment is the catalog a replay up to then builds', async (t) => {
  const app = await f.startApp();
  await f.caughtUp(app);
  const moments: Bound[] = [{ position: (await f.store.store.headPosition())! }];
  const changes = [
    () =>
      f.revise('KpiTargetRevised', {
        kind: 'kpi',
        id: VISITORS,
        facet: 'target',
        value: VISITORS_TARGET_4500,
        reason: '見直し',
      }),
    () =>
      f.revise('KpiOwnerAssigned', {
        kind: 'kpi',
        id: VISITORS,
        facet: 'owner',
        value: { ministry: 'MLIT', provenance: 'assigned' },
        reason: '所管の変更',
      }),
    () =>
      f.revise('RoadmapItemOwnerAssigned', {
        kind: 'roadmap_item',
        id: THEATRES,
        facet: 'owner',
        value: { ministry: 'MEXT', provenance: 'assigned' },
        reason: '所管の変更',
      }),
    () =>
      f.revise('KpiDefined', {
        kind: 'kpi',
        id: 'kpi-outcome-a-new',
        facet: 'definition',
        value: { name: '新しい指標', level: 'outcome', parent: 'outcome-a' },
        reason: null,
      }),
  ];
  for (const change of changes) {
    await sleep(15);
    moments.push({ time: new Date() });
    await sleep(15);
    moments.push({ position: await change() });
  }
  await f.caughtUp(app);
  moments.push({ position: 1 }, { time: new Date(0) });

  for (const until of moments) {
    const { rewound, replayed } = await both(until);
    t.same(rewound, replayed, `as of ${JSON.stringify(until)}`);
  }
  const first = await both(moments[0]!);
  const last = await both(moments.at(-3)!);
  t.notSame(first.rewound, last.rewound, 'the moments differ from each other');

  await app.close();
  const unseen = await f.revise('KpiTargetRevised', {
    kind: 'kpi',
    id: VISITORS,
    facet: 'target',
    value: { ...VISITORS_TARGET_4500, raw: '4,600 万人（2030 年）' },
    reason: '再見直し',
  });
  const ahead = await both({ position: unseen });
  t.same(ahead.rewound, ahead.replayed, 'a moment the live model has not reached yet');
});
