import t from 'tap';
import pg from 'pg';
import { testDatabaseUrl } from '../testing.js';
import { CommitNotifier } from './notifier.js';

t.test('a burst of commits costs a few notifications, and the last commit is always followed by one', async (t) => {
  const pool = new pg.Pool({ connectionString: testDatabaseUrl(), max: 4 });
  const listener = new pg.Client({ connectionString: testDatabaseUrl() });
  await listener.connect();
  t.teardown(async () => {
    await listener.end();
    await pool.end();
  });
  const channel = `notifier_test_${process.pid}`;
  const received: number[] = [];
  listener.on('notification', () => received.push(performance.now()));
  await listener.query(`LISTEN ${channel}`);
  const notifier = new CommitNotifier(pool, channel, (error) => t.fail(String(error)), 20);

  for (let i = 0; i < 200; i++) {
    notifier.committed();
    if (i % 20 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const lastCommit = performance.now();
  await notifier.flush();
  await new Promise((resolve) => setTimeout(resolve, 100));
  t.ok(received.length >= 1 && received.length < 20, `200 commits → ${received.length} notifications`);
  t.ok(
    received.some((at) => at >= lastCommit),
    'a notification arrived after the last commit',
  );
});
