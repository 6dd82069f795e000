import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '@pdca/eventstore';
import type { FastifyInstance } from 'fastify';
import { invalidRequest, sendNotFound, sendProblem } from '@pdca/platform';
import type { ReadModels } from '../readModels/readModels.js';
import { FollowUpReportSchema } from './reportModel.js';
import { enqueueReport, reportIdOf, type ReportQueue } from './reportQueue.js';
import { FORMATS, type ArtifactMeta, type Format, type ReportStore } from './reportStore.js';

/** RFC 6266/5987: an ASCII fallback and the Japanese name, percent-encoded as UTF-8. */
const disposition = (fileName: string, fallback: string) =>
  `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;

/** A reproduction's artifacts against the original's, format by format. */
function compare(reproduced: ArtifactMeta[], original: ArtifactMeta[]) {
  const artifacts = original.map((o) => {
    const sha256 = reproduced.find((r) => r.format === o.format)?.sha256 ?? null;
    return { format: o.format, original: o.sha256, reproduced: sha256, identical: sha256 === o.sha256 };
  });
  return { identical: artifacts.every((a) => a.identical), artifacts };
}

/** The annual follow-up report: requested, generated as a job, downloaded per format. */
export function reportRoutes(
  app: FastifyInstance,
  deps: {
    models: ReadModels;
    store: ReportStore;
    queue: ReportQueue;
    schemaPrefix: string;
    /**
     * How long before now a past moment must be (default 60 s): an append's events carry its transaction's
     * start time, and the transaction may commit a little later.
     */
    settlingMs?: number;
  },
): void {
  const { models, store, queue } = deps;
  const SETTLING_MS = deps.settlingMs ?? 60_000;

  /** Both read models' positions, read together: a live report names the state it is built from. */
  const readModelPositions = () =>
    models.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => [(await models.position(trx)).position, await models.catalogPosition(trx)]);
  const eventStoreSchema = () => (app.eventStore instanceof PostgresEventStore ? app.eventStore.layout.schema : null);

  app.post<{ Body: { cycle: string; formats?: Format[]; asOf?: string } }>(
    '/v1/reports',
    {
      config: { roles: ['secretariat', 'auditor'] },
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['cycle'],
          properties: {
            cycle: { type: 'string', pattern: '^FY\\d{4}$' },
            formats: {
              type: 'array',
              minItems: 1,
              uniqueItems: true,
              items: { type: 'string', enum: [...FORMATS] },
              default: [...FORMATS],
            },
            asOf: {
              type: 'string',
              format: 'date-time',
              description: 'generate the report as it would have been generated at this past moment',
            },
          },
        },
      },
    },
    async (request, reply) => {
      const fiscalYear = Number(request.body.cycle.slice(2));
      const formats: Format[] = [...(request.body.formats ?? FORMATS)].sort();
      const past = request.body.asOf === undefined ? undefined : new Date(request.body.asOf).toISOString();
      const tooRecent = past !== undefined && Date.parse(past) > Date.now() - SETTLING_MS;
      if (tooRecent)
        return sendProblem(
          reply,
          invalidRequest(request, [
            {
              field: 'body.asOf',
              reason: `must be at least ${SETTLING_MS / 1000} s ago: writes recorded by then may still be committing`,
            },
          ]),
        );
      const reportId = past
        ? reportIdOf(fiscalYear, formats, { asOf: past })
        : reportIdOf(fiscalYear, formats, await readModelPositions());
      const record = await store.request({
        reportId,
        cycle: fiscalYear,
        formats,
        requestedBy: request.principal!.name,
        generatedAt: past ?? new Date().toISOString(),
        requestedAsOf: past ?? null,
      });
      await enqueueReport(queue, {
        reportId,
        fiscalYear,
        formats,
        generatedAt: record.generatedAt,
        schemaPrefix: deps.schemaPrefix,
        eventStoreSchema: eventStoreSchema(),
        ...(past && { bounds: { catalog: { time: past }, cycles: { time: past } } }),
      });
      return reply
        .status(202)
        .header('location', `/v1/reports/${reportId}`)
        .send({ reportId, status: record.status, statusUrl: `/v1/reports/${reportId}` });
    },
  );

  app.post<{ Params: { reportId: string } }>(
    '/v1/reports/:reportId/reproductions',
    {
      config: { roles: ['secretariat', 'auditor'] },
      schema: { params: { type: 'object', properties: { reportId: { type: 'string', maxLength: 100 } } } },
    },
    async (request, reply) => {
      const original = await store.find(request.params.reportId);
      if (!original) return sendNotFound(request, reply, `no report ${request.params.reportId}`);
      if (original.catalogPosition === null && original.status === 'completed')
        return sendProblem(reply, {
          type: 'https://pdca-ledger.example/problems/report-not-reproducible',
          title: 'The report cannot be reproduced',
          status: 409,
          detail: `report ${original.reportId} was made before reports stated the catalog's position`,
          instance: request.url,
        });
      if (original.status !== 'completed' || original.position === null)
        return sendProblem(reply, {
          type: 'https://pdca-ledger.example/problems/report-not-completed',
          title: 'The report is not completed yet',
          status: 409,
          detail: `report ${original.reportId} is ${original.status}: there is nothing to reproduce yet`,
          instance: request.url,
        });
      // Each request is a new check: the log may have been tampered with since the last one.
      const reportId = `rep-${randomUUID().replaceAll('-', '')}`;
      await store.request({
        reportId,
        cycle: original.cycle,
        formats: original.formats,
        requestedBy: request.principal!.name,
        generatedAt: original.generatedAt,
        requestedAsOf: original.requestedAsOf,
        reproductionOf: original.reportId,
      });
      await enqueueReport(queue, {
        reportId,
        fiscalYear: original.cycle,
        formats: original.formats,
        generatedAt: original.generatedAt,
        schemaPrefix: deps.schemaPrefix,
        eventStoreSchema: eventStoreSchema(),
        bounds: {
          catalog: { position: original.catalogPosition ?? original.position },
          cycles: { position: original.position },
        },
      });
      return reply
        .status(202)
        .header('location', `/v1/reports/${reportId}`)
        .send({ reportId, status: 'queued', statusUrl: `/v1/reports/${reportId}`, reproductionOf: original.reportId });
    },
  );

  app.get('/v1/reports/schema.json', { config: { roles: ['secretariat', 'auditor'] } }, (_request, reply) =>
    reply.type('application/schema+json').send(FollowUpReportSchema),
  );

  app.get<{ Params: { reportId: string } }>(
    '/v1/reports/:reportId',
    {
      config: { roles: ['secretariat', 'auditor'] },
      schema: { params: { type: 'object', properties: { reportId: { type: 'string', maxLength: 100 } } } },
    },
    async (request, reply) => {
      // The job first: it stores the report before it completes, so a completed job means a complete record.
      const job = await queue.getJob(request.params.reportId);
      const state = await job?.getState();
      const record = await store.find(request.params.reportId);
      if (!record) return sendNotFound(request, reply, `no report ${request.params.reportId}`);
      const artifacts = await store.artifacts(record.reportId);
      const reproduction =
        record.reproductionOf && record.status === 'completed'
          ? compare(artifacts, await store.artifacts(record.reproductionOf))
          : undefined;
      return {
        ...record,
        ...(reproduction && { reproduction }),
        cycle: `FY${record.cycle}`,
        status: record.status === 'completed' ? 'completed' : (state ?? record.status),
        progress: job?.progress ?? (record.status === 'completed' ? { percent: 100 } : { percent: 0 }),
        attempts: job?.attemptsMade ?? 0,
        failedReason: job?.failedReason ?? null,
        artifacts: artifacts.map((a) => ({ ...a, url: `/v1/reports/${record.reportId}/artifacts/${a.format}` })),
      };
    },
  );

  app.get<{ Params: { reportId: string; format: Format } }>(
    '/v1/reports/:reportId/artifacts/:format',
    {
      config: { roles: ['secretariat', 'auditor'] },
      schema: {
        params: {
          type: 'object',
          properties: { reportId: { type: 'string', maxLength: 100 }, format: { type: 'string', enum: [...FORMATS] } },
        },
      },
    },
    async (request, reply) => {
      const artifact = await store.content(request.params.reportId, request.params.format);
      if (!artifact)
        return sendNotFound(request, reply, `report ${request.params.reportId} has no ${request.params.format} (yet)`);
      const record = await store.find(request.params.reportId);
      return reply
        .type(artifact.contentType)
        .header(
          'content-disposition',
          disposition(artifact.fileName, `follow-up-FY${record?.cycle}.${artifact.format}`),
        )
        .header('x-content-sha256', artifact.sha256)
        .send(artifact.content);
    },
  );
}
