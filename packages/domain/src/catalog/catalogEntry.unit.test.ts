import t from 'tap';
import {
  decideSeed,
  entryStreamId,
  evolveEntry,
  foldEntry,
  initialEntryState,
  isCatalogEntryEvent,
  type CatalogEntryEvent,
  type SeedCatalogEntry,
} from './catalogEntry.js';

const seed = (facets: SeedCatalogEntry['facets']): SeedCatalogEntry => ({
  type: 'SeedCatalogEntry',
  kind: 'kpi',
  id: 'kpi-x',
  facets,
});
const given = (events: CatalogEntryEvent[]) => events.reduce(evolveEntry, initialEntryState);

t.test('given nothing, when seeded, then every facet is set once', async (t) => {
  const events = decideSeed(
    seed({ definition: { value: { name: 'A' }, hash: 'd1' }, target: { value: 50, hash: 't1' } }),
    initialEntryState,
  );
  t.same(
    events.map((e) => e.type),
    ['KpiDefined', 'KpiTargetSet'],
  );
});

t.test('given a seeded entry, when seeded with the same files, then nothing is appended', async (t) => {
  const first = decideSeed(seed({ definition: { value: { name: 'A' }, hash: 'd1' } }), initialEntryState);
  t.same(decideSeed(seed({ definition: { value: { name: 'A' }, hash: 'd1' } }), given(first)), []);
});

t.test(
  'given a seeded entry, when its target changes in the seed file, then only a revision is appended',
  async (t) => {
    const first = decideSeed(
      seed({ definition: { value: {}, hash: 'd1' }, target: { value: 50, hash: 't1' } }),
      initialEntryState,
    );
    const events = decideSeed(
      seed({ definition: { value: {}, hash: 'd1' }, target: { value: 60, hash: 't2' } }),
      given(first),
    );
    t.same(events, [
      {
        type: 'KpiTargetRevised',
        data: { kind: 'kpi', id: 'kpi-x', facet: 'target', value: 60, seedHash: 't2', reason: 'seed revision' },
      },
    ]);
  },
);

t.test(
  'given an owner reassigned since seeding, when seeded again unchanged, then the reassignment stands',
  async (t) => {
    const first = decideSeed(seed({ owner: { value: 'MLIT', hash: 'o1' } }), initialEntryState);
    const reassigned: CatalogEntryEvent = {
      type: 'KpiOwnerAssigned',
      data: { kind: 'kpi', id: 'kpi-x', facet: 'owner', value: 'JTA', reason: 'reassigned by the secretariat' },
    };
    const state = given([...first, reassigned]);
    t.same(decideSeed(seed({ owner: { value: 'MLIT', hash: 'o1' } }), state), []);
    t.same(state.facets.owner?.value, 'JTA');
  },
);

t.test('stream ids carry the kind as their category', async (t) => {
  t.equal(entryStreamId('kpi', 'kpi-output-a.u1.k1'), 'kpi-output-a.u1.k1');
  t.equal(entryStreamId('output_unit', 'unit-a.u1'), 'unit-a.u1');
  t.equal(entryStreamId('ministry', 'MLIT'), 'ministry-MLIT');
});

t.test('folding a stream ignores events that are not catalog events', async (t) => {
  const defined: CatalogEntryEvent = {
    type: 'KpiDefined',
    data: { kind: 'kpi', id: 'kpi-x', facet: 'definition', value: { name: 'A' }, seedHash: 'd1' },
  };
  const state = foldEntry([defined, { type: 'KpiActualReported', data: { facet: 'target', value: 1 } }]);
  t.same(Object.keys(state.facets), ['definition']);
  t.equal(isCatalogEntryEvent(defined), true);
});
