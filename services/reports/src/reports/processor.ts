import type { SandboxedJob } from 'bullmq';
import { PostgresEventStore, sealedAt, type EventStore } from '@pdca/eventstore';
import { createEventStore, createPool, loadConfig } from '@pdca/platform';
import { Kysely, PostgresDialect } from 'kysely';
import { ReadModels } from '../readModels/readModels.js';
import { generateReport, renderReport } from './generateReport.js';
import { reportDataAsOf } from './reportAsOf.js';
import type { ReportJobData, ReportJobResult } from './reportQueue.js';
import { ReportStore } from './reportStore.js';

/** The sandboxed job: its own process and connections, configured from the environment like the service. */
export default async function processReport(
  job: SandboxedJob<ReportJobData, ReportJobResult>,
): Promise<ReportJobResult> {
  const config = loadConfig();
  // A replay's transaction, the log's reads and the sealer's two connections may be in use at once.
  const pool = createPool({ ...config, pgPoolMax: 4 }, 'pdca-report-worker');
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
  try {
    const models = new ReadModels(db, job.data.schemaPrefix);
    const store = new ReportStore(pool, db, job.data.schemaPrefix);
    const postgres = job.data.eventStoreSchema
      ? new PostgresEventStore({ pool, schema: job.data.eventStoreSchema })
      : undefined;
    const onProgress = (percent: number, step: string) => job.updateProgress({ percent, step });
    const sealAt = postgres && ((position: number) => sealedAt(pool, postgres, position));
    let generated;
    if (job.data.bounds) {
      const eventStore: EventStore = postgres ?? createEventStore(config, pool, () => undefined);
      try {
        await onProgress(2, 'replaying the log');
        const report = await reportDataAsOf(db, eventStore, { ...job.data, bounds: job.data.bounds }, sealAt, (share) =>
          onProgress(2 + Math.round(share * 78), 'replaying the log'),
        );
        generated = await renderReport(report, job.data, onProgress, 80);
      } finally {
        if (eventStore !== postgres) await eventStore.close();
      }
    } else generated = await generateReport(models, job.data, onProgress, sealAt);
    await postgres?.close();
    const { report, artifacts } = generated;
    await store.complete(
      job.data.reportId,
      {
        position: report.dataAsOf.position,
        asOf: report.dataAsOf.time,
        catalogPosition: report.dataAsOf.catalogPosition,
      },
      artifacts,
    );
    await job.updateProgress({ percent: 100, step: 'stored' });
    return {
      position: report.dataAsOf.position,
      artifacts: artifacts.map(({ format, sha256, bytes }) => ({ format, sha256, bytes })),
    };
  } finally {
    await db.destroy();
  }
}
