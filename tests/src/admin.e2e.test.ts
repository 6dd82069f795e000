import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import t from 'tap';
import { sealLog } from '@pdca/eventstore';
import { createTestEventStore } from '@pdca/eventstore/testing';
import { repoRoot, testDatabaseUrl } from './processes.js';

const admin = (...args: string[]) =>
  spawnSync('npm', ['run', 'admin', '--', ...args], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: testDatabaseUrl },
    encoding: 'utf8',
  });

t.test('npm run admin -- token create prints the token and nothing else on stdout', async (t) => {
  const created = admin('token', 'create', '--role', 'submitter', '--ministry', 'JTA', '--name', '観光庁 報告担当');
  t.equal(created.status, 0, created.stderr);
  t.match(created.stdout, /^pdca_[A-Za-z0-9_-]{43}\n$/);
  const id = /created token ([0-9a-f-]{36})/.exec(created.stderr)?.[1];
  t.ok(id, 'the id goes to stderr');

  const revoked = admin('token', 'revoke', id!);
  t.equal(revoked.status, 0);
  t.equal(revoked.stdout, '');
  t.equal(admin('token', 'revoke', id!).status, 1, 'revoking twice says there is no live token');
});

t.test('bad arguments are explained and exit 2', async (t) => {
  const noMinistry = admin('token', 'create', '--role', 'submitter');
  t.equal(noMinistry.status, 2);
  t.match(noMinistry.stderr, /needs --ministry/);
  t.equal(noMinistry.stdout, '');
  t.match(admin('token', 'create', '--role', 'king').stderr, /--role must be one of submitter, secretariat, auditor/);
  t.match(admin('token', 'create', '--role', 'submitter', '--ministry', 'NOPE').stderr, /unknown ministry NOPE/);
});

t.test(
  'npm run admin -- audit verify: 0 and the chain head for an intact log, 1 and the position for a broken one',
  async (t) => {
    const f = await createTestEventStore();
    t.teardown(() => f.dispose());
    for (let i = 0; i < 5; i++)
      await f.store.append(`audit-${i % 2}`, [{ id: randomUUID(), type: 'Audited', data: { i } }], {
        expectedVersion: 'any',
      });
    const sealed = await sealLog(f.pool, f.store);
    const verify = () =>
      spawnSync('npm', ['run', 'admin', '--', 'audit', 'verify'], {
        cwd: repoRoot,
        env: { ...process.env, DATABASE_URL: testDatabaseUrl, EVENT_STORE_SCHEMA: f.schema },
        encoding: 'utf8',
      });
    const intact = verify();
    t.equal(intact.status, 0, intact.stderr);
    t.match(JSON.parse(intact.stdout), { ok: true, events: 5, head: { chain: sealed.head?.chain } });

    const { rows } = await f.pool.query<{ position: string }>(
      `SELECT position FROM ${f.schema}.events ORDER BY position OFFSET 2 LIMIT 1`,
    );
    const client = await f.pool.connect();
    await client.query(`ALTER TABLE ${f.schema}.events DISABLE TRIGGER events_immutable`);
    await client.query(`UPDATE ${f.schema}.events SET data = '{"i": 99}' WHERE position = $1`, [rows[0]!.position]);
    client.release();
    const broken = verify();
    t.equal(broken.status, 1);
    t.match(JSON.parse(broken.stdout), {
      ok: false,
      firstBreak: { position: Number(rows[0]!.position), kind: 'altered' },
    });
    t.match(broken.stderr, /BROKEN at position/);
  },
);
