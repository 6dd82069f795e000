import { createTestEventStore, type TestEventStore } from '@pdca/eventstore/testing';
import t from 'tap';
import { loadCatalog, type Catalog } from '../loadCatalog.js';
import { seedsDir } from '../testing.js';
import { seedCatalog } from './seedCatalog.js';

let fixture: TestEventStore;
let catalog: Catalog;
const options = (runId: string) => ({ now: new Date('2026-11-22T00:00:00Z'), runId });

t.before(async () => {
  fixture = await createTestEventStore();
  catalog = await loadCatalog(`${seedsDir}/catalog`);
});
t.teardown(() => fixture.dispose());

t.test('the first run loads the whole catalog as events', async (t) => {
  const result = await seedCatalog(fixture.store, catalog, options('run-1'));
  const kpis = catalog.logicModel.kpis.length + catalog.section5.outputUnits.reduce((n, u) => n + u.kpis.length, 0);
  t.equal(result.byType.KpiDefined, kpis, 'one KpiDefined per KPI');
  t.equal(result.byType.KpiTargetSet, kpis, 'one KpiTargetSet per KPI');
  t.equal(result.byType.KpiOwnerAssigned, kpis);
  t.equal(result.byType.MeasureDefined, catalog.section5.measures.length + catalog.section6.measures.length);
  t.equal(result.byType.StrategyVersionPublished, 2);
  t.equal(result.byType.MinistryRegistered, catalog.ministries.ministries.length);
  t.ok(result.byType.RoadmapItemDefined! > 50, `${result.byType.RoadmapItemDefined} roadmap rows`);
  t.equal(
    result.appended,
    Object.values(result.byType).reduce((a, b) => a + b, 0),
    'the total counts every event',
  );
  const stored = await fixture.store.readAll({ limit: 100_000 });
  t.equal(stored.events.length, result.appended, 'and that many are in the store');
  const [first] = await fixture.store.readStream('kpi-outcome-a-4.1');
  t.match(first, {
    type: 'KpiDefined',
    data: { kind: 'kpi', id: 'kpi-outcome-a-4.1', value: { name: '訪日外国人旅行者数' } },
    metadata: {
      actor: 'seed',
      role: 'system',
      requestId: 'run-1',
      occurredAt: '2026-11-22T00:00:00.000Z',
      schemaVersion: 1,
    },
  });
  t.equal(first?.metadata.idempotencyKey, first?.eventId);
});

t.test('a second run appends nothing', async (t) => {
  const head = await fixture.store.headPosition();
  const result = await seedCatalog(fixture.store, catalog, options('run-2'));
  t.equal(result.appended, 0);
  t.equal(await fixture.store.headPosition(), head);
});

t.test('an edited seed appends only the revision, with the reason "seed revision"', async (t) => {
  const edited = structuredClone(catalog);
  const kpi = edited.logicModel.kpis.find((k) => k.id === 'kpi-outcome-a-4.1')!;
  kpi.target = {
    ...kpi.target,
    raw: '6,500 万人（2030 年）',
    form: { kind: 'absolute', quantity: { value: 6500, scale: 'man', unit: '人' }, comparator: 'eq' },
  };
  const result = await seedCatalog(fixture.store, edited, options('run-3'));
  t.same(result.byType, { KpiTargetRevised: 1 });
  const events = await fixture.store.readStream('kpi-outcome-a-4.1');
  t.match(events.at(-1), {
    type: 'KpiTargetRevised',
    data: { reason: 'seed revision', value: { form: { quantity: { value: 6500 } } } },
  });
  t.equal(
    (await seedCatalog(fixture.store, edited, options('run-4'))).appended,
    0,
    'and running it again appends nothing',
  );
});

t.test('an owner reassigned since seeding is not reverted by seeding again', async (t) => {
  const stream = 'kpi-output-g.u1.k1';
  const before = await fixture.store.readStream(stream);
  await fixture.store.append(
    stream,
    [
      {
        id: crypto.randomUUID(),
        type: 'KpiOwnerAssigned',
        data: {
          kind: 'kpi',
          id: stream,
          facet: 'owner',
          value: { provenance: 'stated', ministry: 'METI', line: 1, text: 'test' },
          reason: 'reassigned by the secretariat',
        },
      },
    ],
    { expectedVersion: before.at(-1)!.streamVersion },
  );
  const result = await seedCatalog(fixture.store, catalog, options('run-5'));
  t.equal(result.byType.KpiOwnerAssigned ?? 0, 0);
});
