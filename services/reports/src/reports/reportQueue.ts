import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import type { FastifyBaseLogger } from 'fastify';
import type { ReadModelBounds } from './reportAsOf.js';
import type { Format } from './reportStore.js';

export const REPORT_QUEUE = 'pdca-reports';

/** What a report job needs; no secrets: the worker connects with its own configuration. */
export interface ReportJobData {
  readonly reportId: string;
  readonly fiscalYear: number;
  readonly formats: readonly Format[];
  readonly generatedAt: string;
  readonly schemaPrefix: string;
  /** The PostgreSQL event store's schema, to record the hash-chain head; null for KurrentDB. */
  readonly eventStoreSchema: string | null;
  /** For a past moment or a reproduction: build from read models replayed up to these bounds. */
  readonly bounds?: ReadModelBounds;
}
export interface ReportJobResult {
  readonly position: number | null;
  readonly artifacts: readonly { format: Format; sha256: string; bytes: number }[];
}

export type ReportQueue = Queue<ReportJobData, ReportJobResult>;

export const reportQueue = (connection: ConnectionOptions, name = REPORT_QUEUE): ReportQueue =>
  new Queue<ReportJobData, ReportJobResult>(name, { connection });

/**
 * The same cycle, formats and read-model position (or past moment) name the same report, so asking twice
 * is one job. (BullMQ job ids may not contain ':'.)
 */
export const reportIdOf = (
  fiscalYear: number,
  formats: readonly Format[],
  at: readonly (number | null)[] | { readonly asOf: string },
): string =>
  `rep-${createHash('sha256')
    .update(JSON.stringify([fiscalYear, [...new Set(formats)].sort(), at]))
    .digest('hex')
    .slice(0, 32)}`;

/** Queues the report's job; asking again for a report whose job failed runs it again. */
export async function enqueueReport(queue: ReportQueue, data: ReportJobData): Promise<void> {
  const earlier = await queue.getJob(data.reportId);
  if (earlier && (await earlier.isFailed())) return earlier.retry('failed');
  await queue.add('follow-up-report', data, {
    jobId: data.reportId,
    attempts: 3,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: { age: 30 * 86_400 },
    removeOnFail: { age: 30 * 86_400 },
  });
}

/** Rendering is CPU work: it runs in a sandboxed child process, off the API's event loop. */
export function reportWorker(options: {
  connection: ConnectionOptions;
  queueName?: string;
  log: FastifyBaseLogger;
}): Worker<ReportJobData, ReportJobResult> {
  const processor = fileURLToPath(new URL('./processor.js', import.meta.url));
  const worker = new Worker<ReportJobData, ReportJobResult>(options.queueName ?? REPORT_QUEUE, processor, {
    connection: options.connection,
    concurrency: 1,
  });
  worker.on('error', (err) => options.log.error({ err }, 'report worker error'));
  worker.on('failed', (job, err) => options.log.warn({ err, reportId: job?.id }, 'report job failed'));
  return worker;
}
