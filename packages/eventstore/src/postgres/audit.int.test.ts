import { randomUUID } from 'node:crypto';
import t from 'tap';
import { createTestEventStore, type TestEventStore } from '../testing.js';
import { sealLog, verifyLog } from './audit.js';

// Tampering done the way an insider with database access would: straight SQL, the immutability trigger off.
async function ledger(): Promise<{ f: TestEventStore; positions: Map<string, number[]> }> {
  const f = await createTestEventStore();
  const positions = new Map<string, number[]>();
  for (let round = 0; round < 4; round++)
    for (const stream of ['kpi-a', 'actual-x@FY2025', 'actual-y@FY2025']) {
      const events = [0, 1].map((i) => ({
        id: randomUUID(),
        type: 'Tested',
        data: { stream, round, i, 名前: '訪日外国人旅行者数' },
        metadata: { actor: 'test' },
      }));
      const result = await f.store.append(stream, events, { expectedVersion: 'any' });
      positions.set(stream, [...(positions.get(stream) ?? []), result.position - 1, result.position]);
    }
  return { f, positions };
}
const tamper = async (f: TestEventStore, statement: string, values: unknown[] = []) => {
  const client = await f.pool.connect();
  try {
    await client.query(`SET search_path TO ${f.schema}`);
    await client.query('ALTER TABLE events DISABLE TRIGGER events_immutable');
    await client.query(statement, values);
    await client.query('ALTER TABLE events ENABLE TRIGGER events_immutable');
  } finally {
    client.release();
  }
};

t.test('an untouched log verifies, and the seals are the chain over it', async (t) => {
  const { f } = await ledger();
  t.teardown(() => f.dispose());
  const sealed = await sealLog(f.pool, f.store);
  t.equal(sealed.sealed, 24);
  t.equal((await sealLog(f.pool, f.store)).sealed, 0, 'sealing again adds nothing');
  const result = await verifyLog(f.pool, f.store, { batch: 7 });
  t.match(result, { ok: true, events: 24, firstBreak: null });
  t.equal(result.head?.chain, sealed.head?.chain);
  t.equal(result.sealedThrough, sealed.head?.position);
});

t.test('changed content is found at its exact position', async (t) => {
  const { f, positions } = await ledger();
  t.teardown(() => f.dispose());
  await sealLog(f.pool, f.store);
  const target = positions.get('actual-x@FY2025')![3]!;
  await tamper(f, `UPDATE events SET data = jsonb_set(data, '{i}', '5') WHERE position = $1`, [target]);
  t.match(await verifyLog(f.pool, f.store, { batch: 5 }), {
    ok: false,
    firstBreak: { position: target, kind: 'altered' },
  });
});

t.test('a deleted event is found at its exact position, sealed or in a stream', async (t) => {
  const { f, positions } = await ledger();
  t.teardown(() => f.dispose());
  await sealLog(f.pool, f.store);
  const middle = positions.get('kpi-a')![2]!;
  await tamper(f, 'DELETE FROM events WHERE position = $1', [middle]);
  t.match(await verifyLog(f.pool, f.store), { ok: false, firstBreak: { position: middle, kind: 'deleted' } });
  const last = positions.get('actual-y@FY2025')!.at(-1)!;
  const { f: g, positions: p2 } = await ledger();
  t.teardown(() => g.dispose());
  await sealLog(g.pool, g.store);
  const lastOfLog = p2.get('actual-y@FY2025')!.at(-1)!;
  await tamper(g, 'DELETE FROM events WHERE position = $1', [lastOfLog]);
  t.match(await verifyLog(g.pool, g.store), { firstBreak: { position: lastOfLog, kind: 'deleted' } }, 'the last one');
  t.ok(last > middle);
});

t.test('reordering is found: two events swapped in the global order', async (t) => {
  const { f, positions } = await ledger();
  t.teardown(() => f.dispose());
  await sealLog(f.pool, f.store);
  const [a, b] = [positions.get('kpi-a')![4]!, positions.get('actual-x@FY2025')![4]!];
  // Swap two events' places in the global order.
  await tamper(f, 'UPDATE events SET position = -1 WHERE position = $1', [a]);
  await tamper(f, 'UPDATE events SET position = $1 WHERE position = $2', [a, b]);
  await tamper(f, 'UPDATE events SET position = $1 WHERE position = -1', [b]);
  t.match(await verifyLog(f.pool, f.store), { ok: false, firstBreak: { position: Math.min(a, b) } });

  t.match(await verifyLog(f.pool, f.store), { firstBreak: { kind: 'altered' } }, 'position is part of the hash');
});

t.test(
  'a forger who also rewrites seals breaks the chain; one who re-seals everything is caught by an anchor',
  async (t) => {
    const { f, positions } = await ledger();
    t.teardown(() => f.dispose());
    const { head } = await sealLog(f.pool, f.store);
    const forged = positions.get('actual-y@FY2025')![5]!;
    const forge = `UPDATE events SET data = '{"forged": true}' WHERE position = $1`;
    await tamper(f, forge, [forged]);
    await f.pool.query(
      `UPDATE ${f.schema}.seals s SET event_hash = ${f.schema}.event_hash(e.position, e.stream_id, e.stream_version,
       e.event_id, e.type, e.data, e.metadata, e.recorded_at)
     FROM ${f.schema}.events e WHERE e.position = s.position AND s.position = $1`,
      [forged],
    );
    t.match(await verifyLog(f.pool, f.store), { ok: false, firstBreak: { position: forged, kind: 'chain_mismatch' } });

    // Re-sealing from the forged event on makes the log consistent in itself again...
    await f.pool.query(`DELETE FROM ${f.schema}.seals WHERE position >= $1`, [forged]);
    await sealLog(f.pool, f.store);
    t.match(await verifyLog(f.pool, f.store), { ok: true }, 'consistent in itself');
    // ...but not with the head a published report recorded.
    t.match(await verifyLog(f.pool, f.store, { anchors: [head!] }), {
      ok: false,
      firstBreak: { position: head!.position, kind: 'anchor_mismatch' },
    });
  },
);

t.test('a gap in a stream that is not sealed yet is found at the event after it', async (t) => {
  const { f, positions } = await ledger();
  t.teardown(() => f.dispose());
  const [removed, next] = [positions.get('kpi-a')![2]!, positions.get('kpi-a')![3]!];
  await tamper(f, 'DELETE FROM events WHERE position = $1', [removed]);
  t.match(await verifyLog(f.pool, f.store), { ok: false, firstBreak: { position: next, kind: 'stream_gap' } });
});

t.test('an event slipped in under the sealed head is found', async (t) => {
  const { f, positions } = await ledger();
  t.teardown(() => f.dispose());
  await sealLog(f.pool, f.store);
  const before = positions.get('kpi-a')![0]!;
  const slipped = before + 50;
  await tamper(
    f,
    `INSERT INTO events (position, stream_id, stream_version, event_id, type, data, metadata, recorded_at)
     VALUES ($1, 'forged-stream', 0, gen_random_uuid(), 'Forged', '{}', '{}', now())`,
    [slipped],
  );
  const result = await verifyLog(f.pool, f.store);
  t.match(result, { ok: false, firstBreak: { position: slipped, kind: 'inserted' } });
});
