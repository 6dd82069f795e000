import { PostgresEventStore } from '@pdca/eventstore';
import type { FastifyInstance } from 'fastify';
import { sendNotFound } from '@pdca/platform';
import type { ReadModels } from '../readModels/readModels.js';
import { FollowUpReportSchema } from './reportModel.js';
import { enqueueReport, reportIdOf, type ReportQueue } from './reportQueue.js';
import { FORMATS, type Format, type ReportStore } from './reportStore.js';

/** RFC 6266/5987: an ASCII fallback and the Japanese name, percent-encoded as UTF-8. */
const disposition = (fileName: string, fallback: string) =>
  `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;

/** The annual follow-up report: requested, generated as a job, downloaded per format. */
export function reportRoutes(
  app: FastifyInstance,
  deps: { models: ReadModels; store: ReportStore; queue: ReportQueue; schemaPrefix: string },
): void {
  const { models, store, queue } = deps;

  app.post<{ Body: { cycle: string; formats?: Format[] } }>(
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
          },
        },
      },
    },
    async (request, reply) => {
      const fiscalYear = Number(request.body.cycle.slice(2));
      const formats: Format[] = [...(request.body.formats ?? FORMATS)].sort();
      const { position } = await models.position();
      const reportId = reportIdOf(fiscalYear, formats, position);
      const record = await store.request({
        reportId,
        cycle: fiscalYear,
        formats,
        requestedBy: request.principal!.name,
        generatedAt: new Date().toISOString(),
      });
      await enqueueReport(queue, {
        reportId,
        fiscalYear,
        formats,
        generatedAt: record.generatedAt,
        schemaPrefix: deps.schemaPrefix,
        eventStoreSchema: app.eventStore instanceof PostgresEventStore ? app.eventStore.layout.schema : null,
      });
      return reply
        .status(202)
        .header('location', `/v1/reports/${reportId}`)
        .send({ reportId, status: record.status, statusUrl: `/v1/reports/${reportId}` });
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
      return {
        ...record,
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
