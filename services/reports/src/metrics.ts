import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { ReadModels } from './readModels/readModels.js';

export class ReportsMetrics {
  readonly registry = new Registry();
  readonly jobs = new Counter({
    name: 'pdca_report_jobs_total',
    help: 'Report jobs finished, by outcome (completed, failed)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly readModelPosition = new Gauge({
    name: 'pdca_read_model_position',
    help: 'Event-store position the per-cycle read model has applied, as this service reads it',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'pdca_reports_' });
  }
}

/** `/metrics` in Prometheus format. */
export function metricsRoute(app: FastifyInstance, metrics: ReportsMetrics, models: ReadModels): void {
  app.get('/metrics', async (_request, reply) => {
    const { position } = await models.position().catch(() => ({ position: null }));
    if (position !== null) metrics.readModelPosition.set(position);
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}
