import type { SandboxedJob } from 'bullmq';
import { PostgresEventStore, sealedAt } from '@pdca/eventstore';
import { createPool, loadConfig } from '@pdca/platform';
import { Kysely, PostgresDialect } from 'kysely';
import { ReadModels } from '../readModels/readModels.js';
import { generateReport } from './generateReport.js';
import type { ReportJobData, ReportJobResult } from './reportQueue.js';
import { ReportStore } from './reportStore.js';

/** The sandboxed job: its own process and connections, configured from the environment like the service. */
export default async function processReport(
  job: SandboxedJob<ReportJobData, ReportJobResult>,
): Promise<ReportJobResult> {
  const config = loadConfig();
  const pool = createPool({ ...config, pgPoolMax: 2 }, 'pdca-report-worker');
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
  try {
    const models = new ReadModels(db, job.data.schemaPrefix);
    const store = new ReportStore(pool, db, job.data.schemaPrefix);
    const eventStore = job.data.eventStoreSchema
      ? new PostgresEventStore({ pool, schema: job.data.eventStoreSchema })
      : undefined;
    const { report, artifacts } = await generateReport(
      models,
      job.data,
      (percent, step) => job.updateProgress({ percent, step }),
      eventStore && ((position) => sealedAt(pool, eventStore, position)),
    );
    await eventStore?.close();
    await store.complete(
      job.data.reportId,
      { position: report.dataAsOf.position, asOf: report.dataAsOf.time },
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
