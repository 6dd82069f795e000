import { spawnSync } from 'node:child_process';
import t from 'tap';
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
