import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '@pdca/platform';
import { rebuildQueue, requestRebuild, type RebuildJobProgress } from '@pdca/projections/rebuilds';
import { Redis } from 'ioredis';

const NAMES = ['catalog', 'cycles', 'all'];

/**
 * Queues a rebuild for the projections service to run and follows it to the end, printing progress on
 * stderr. Without a running projections service nobody picks the job up: it says so after a while.
 */
export async function rebuild(name: string): Promise<void> {
  if (!NAMES.includes(name)) throw new Error(`unknown projection ${name}: one of ${NAMES.join(', ')}`);
  const config = loadConfig();
  const connection = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  await connection.connect().catch((error: unknown) => {
    throw new Error(`cannot reach Redis at ${config.redisUrl} (${(error as Error).message}); is it running?`);
  });
  const queue = rebuildQueue(connection);
  try {
    const job = await requestRebuild(queue, name);
    process.stderr.write(`admin: rebuild of ${name} queued as job ${job.id}\n`);
    const started = Date.now();
    let last = '';
    for (;;) {
      const current = await queue.getJob(job.id!);
      const state = current ? await current.getState() : 'unknown';
      const progress = current?.progress as RebuildJobProgress | number | undefined;
      const line =
        typeof progress === 'object'
          ? `${progress.percent}% (${progress.current?.projection ?? ''} ${progress.current?.phase ?? ''}, ${progress.current?.events ?? 0} events)`
          : state;
      if (line !== last) process.stderr.write(`admin: ${line}\n`);
      last = line;
      if (state === 'completed') {
        process.stdout.write(`rebuilt ${name} (job ${job.id})\n`);
        return;
      }
      if (state === 'failed') throw new Error(`the rebuild failed: ${current?.failedReason ?? 'unknown reason'}`);
      if (state === 'waiting' && Date.now() - started > 15_000)
        throw new Error('no projections service picked the job up: start it with npm start (the job stays queued)');
      await sleep(500);
    }
  } finally {
    await queue.close();
    await connection.quit();
  }
}
