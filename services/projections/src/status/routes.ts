import type { FastifyInstance } from 'fastify';
import type { ProjectionMetrics } from '../runner/metrics.js';
import type { ProjectionRunner } from '../runner/projectionRunner.js';

/** `/metrics` for Prometheus and `/v1/projections` for people: where each projection is and how far behind. */
export function statusRoutes(
  app: FastifyInstance,
  { runners, metrics }: { runners: readonly ProjectionRunner[]; metrics: ProjectionMetrics },
): void {
  const lags = () =>
    Promise.all(
      runners.map(async (runner) => {
        const lag = await runner.lag();
        const labels = { projection: runner.name };
        metrics.lagEvents.set(labels, lag.events);
        metrics.lagSeconds.set(labels, lag.seconds);
        metrics.failed.set(labels, runner.status === 'failed' ? 1 : 0);
        if (runner.position !== undefined) metrics.position.set(labels, runner.position);
        return { runner, lag };
      }),
    );

  app.get('/metrics', async (_request, reply) => {
    await lags();
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  app.get('/v1/projections', async () => ({
    projections: (await lags()).map(({ runner, lag }) => ({
      name: runner.name,
      schema: runner.schema,
      status: runner.status,
      position: runner.position ?? null,
      lagEvents: lag.events,
      lagSeconds: lag.seconds,
      failure: runner.failure,
    })),
  }));
}
