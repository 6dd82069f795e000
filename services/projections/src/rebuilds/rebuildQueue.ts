import { Queue, Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { EventStore } from '@pdca/eventstore';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { Projection } from '../runner/projection.js';
import { rebuildProjection, type RebuildProgress } from '../runner/rebuild.js';

export const REBUILD_QUEUE = 'pdca-projection-rebuilds';

export interface RebuildJobData {
  /** A projection's name, or `all`. */
  readonly projection: string;
}
export interface RebuildJobResult {
  readonly rebuilt: readonly RebuildProgress[];
}
export interface RebuildJobProgress {
  readonly percent: number;
  readonly current: RebuildProgress | null;
  readonly done: readonly string[];
}

export type RebuildQueue = Queue<RebuildJobData, RebuildJobResult>;

export const rebuildQueue = (connection: ConnectionOptions, name = REBUILD_QUEUE): RebuildQueue =>
  new Queue<RebuildJobData, RebuildJobResult>(name, { connection });

/** Queues a rebuild; asking again while one for the same target waits or runs gives that same job. */
export async function requestRebuild(queue: RebuildQueue, projection: string): Promise<Job<RebuildJobData>> {
  return queue.add(
    'rebuild',
    { projection },
    {
      deduplication: { id: `rebuild-${projection}` },
      attempts: 3,
      backoff: { type: 'exponential', delay: 2000 },
      removeOnComplete: { age: 7 * 86_400 },
      removeOnFail: { age: 30 * 86_400 },
    },
  );
}

export interface RebuildWorkerOptions {
  readonly connection: ConnectionOptions;
  readonly queueName?: string;
  readonly projections: readonly Projection[];
  readonly schemaOf: (projection: Projection) => string;
  readonly store: EventStore;
  readonly pool: pg.Pool;
  readonly db: Kysely<unknown>;
  readonly log: FastifyBaseLogger;
}

/** Runs rebuild jobs one at a time, reporting progress as the share of the log replayed. */
export function rebuildWorker(options: RebuildWorkerOptions): Worker<RebuildJobData, RebuildJobResult> {
  const worker = new Worker<RebuildJobData, RebuildJobResult>(
    options.queueName ?? REBUILD_QUEUE,
    async (job) => {
      const targets =
        job.data.projection === 'all'
          ? options.projections
          : options.projections.filter((p) => p.name === job.data.projection);
      if (targets.length === 0) throw new Error(`no projection named ${job.data.projection}`);
      const rebuilt: RebuildProgress[] = [];
      for (const [index, projection] of targets.entries()) {
        const result = await rebuildProjection({
          projection,
          schema: options.schemaOf(projection),
          store: options.store,
          pool: options.pool,
          db: options.db,
          onProgress: async (current) => {
            const share = current.head && current.position ? Math.min(1, current.position / current.head) : 0;
            const progress: RebuildJobProgress = {
              percent: Math.round(((index + (current.phase === 'done' ? 1 : share)) / targets.length) * 100),
              current,
              done: rebuilt.map((r) => r.projection),
            };
            await job.updateProgress(progress);
          },
        });
        rebuilt.push(result);
        options.log.info({ projection: projection.name, events: result.events }, 'projection rebuilt and swapped in');
      }
      return { rebuilt };
    },
    { connection: options.connection, concurrency: 1 },
  );
  worker.on('error', (err) => options.log.error({ err }, 'rebuild worker error'));
  return worker;
}
