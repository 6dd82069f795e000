import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import t from 'tap';
import { testDatabaseUrl } from '@pdca/eventstore/testing';
import { appendSyntheticLedger } from '@pdca/projections/testing';
import { reportsFixture, type ReportsFixture } from '../testing.js';

process.env.DATABASE_URL = testDatabaseUrl();

let f: ReportsFixture;
t.before(async () => {
  f = await reportsFixture({ reportQueueName: `test-reports-${randomUUID()}` });
  // Big enough that rendering takes a moment, so the worker can be killed while it works.
  await appendSyntheticLedger(f.ledger.store.store, { kpis: 1500, years: 5, correctionsPerPeriod: 1 });
  await f.settled();
});
t.teardown(() => f.dispose());

/** The sandboxed processors: node processes forked by this test process. */
const children = (): number[] => {
  const out = execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([pid, comm]) => pid && comm === 'node')
    .map(([pid]) => Number(pid));
};

t.test('a report job whose worker process is killed mid-way is retried and completes', async (t) => {
  const secretariat = await f.bearer('secretariat');
  const requested = await f.app.inject({
    method: 'POST',
    url: '/v1/reports',
    headers: secretariat,
    payload: { cycle: 'FY2025', formats: ['html', 'xlsx', 'csv', 'json'] },
  });
  const { reportId } = requested.json<{ reportId: string }>();
  const status = async () =>
    (await f.app.inject({ method: 'GET', url: `/v1/reports/${reportId}`, headers: secretariat })).json<{
      status: string;
      attempts: number;
      progress: { percent: number };
      artifacts: unknown[];
    }>();

  let killed: number | undefined;
  for (const deadline = Date.now() + 30_000; !killed && Date.now() < deadline;) {
    const current = await status();
    const [child] = children();
    if (current.status === 'active' && current.progress.percent > 0 && child) {
      process.kill(child, 'SIGKILL');
      killed = child;
    } else await new Promise((resolve) => setTimeout(resolve, 10));
  }
  t.ok(killed, 'killed the processor while it worked');

  const final = await f.reportDone<Awaited<ReturnType<typeof status>>>(reportId);
  t.equal(final.status, 'completed', JSON.stringify(final));
  t.ok(final.attempts >= 1, `retried after the kill (attempts made: ${final.attempts})`);
  t.equal(final.artifacts.length, 4);
});
