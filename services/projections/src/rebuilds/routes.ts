import type { FastifyInstance } from 'fastify';
import { sendNotFound } from '@pdca/platform';
import { requestRebuild, type RebuildQueue } from './rebuildQueue.js';

/** The secretariat asks for a rebuild and follows its progress; the work runs as a BullMQ job. */
export function rebuildRoutes(
  app: FastifyInstance,
  { queue, names }: { queue: RebuildQueue; names: readonly string[] },
) {
  app.post<{ Params: { name: string } }>(
    '/v1/projections/:name/rebuild',
    {
      config: { roles: ['secretariat'] },
      schema: {
        params: {
          type: 'object',
          required: ['name'],
          properties: { name: { type: 'string', enum: [...names, 'all'] } },
        },
      },
    },
    async (request, reply) => {
      const job = await requestRebuild(queue, request.params.name);
      return reply.status(202).send({ jobId: job.id, projection: request.params.name });
    },
  );
  app.get<{ Params: { jobId: string } }>(
    '/v1/projections/rebuilds/:jobId',
    {
      config: { roles: ['secretariat', 'auditor'] },
      schema: {
        params: { type: 'object', required: ['jobId'], properties: { jobId: { type: 'string', maxLength: 200 } } },
      },
    },
    async (request, reply) => {
      const job = await queue.getJob(request.params.jobId);
      if (!job) return sendNotFound(request, reply, `no rebuild job ${request.params.jobId}`);
      return {
        jobId: job.id,
        projection: job.data.projection,
        state: await job.getState(),
        progress: job.progress,
        attempts: job.attemptsMade,
        result: job.returnvalue ?? null,
        failedReason: job.failedReason ?? null,
      };
    },
  );
}
