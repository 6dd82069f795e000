import { Counter, Gauge, Registry } from 'prom-client';

/** Prometheus metrics of every projection in the process, labelled by projection. */
export class ProjectionMetrics {
  readonly registry: Registry;
  readonly position: Gauge<'projection'>;
  readonly lagSeconds: Gauge<'projection'>;
  readonly lagEvents: Gauge<'projection'>;
  readonly events: Counter<'projection'>;
  readonly batches: Counter<'projection'>;
  readonly errors: Counter<'projection'>;
  readonly failed: Gauge<'projection'>;

  constructor(registry = new Registry()) {
    this.registry = registry;
    const labelNames = ['projection'] as const;
    const registers = [registry];
    this.position = new Gauge({
      name: 'pdca_projection_position',
      help: 'Global position of the last event the projection applied',
      labelNames,
      registers,
    });
    this.lagSeconds = new Gauge({
      name: 'pdca_projection_lag_seconds',
      help: 'Age of the oldest event not applied yet (0 when caught up)',
      labelNames,
      registers,
    });
    this.lagEvents = new Gauge({
      name: 'pdca_projection_lag_events',
      help: 'Events in the log the projection has not applied yet (counted up to 10,000)',
      labelNames,
      registers,
    });
    this.events = new Counter({
      name: 'pdca_projection_events_total',
      help: 'Events applied; rate() gives events/s',
      labelNames,
      registers,
    });
    this.batches = new Counter({
      name: 'pdca_projection_batches_total',
      help: 'Batches committed together with their checkpoint',
      labelNames,
      registers,
    });
    this.errors = new Counter({
      name: 'pdca_projection_errors_total',
      help: 'Batches that failed (an event the projection could not apply, or a lost connection)',
      labelNames,
      registers,
    });
    this.failed = new Gauge({
      name: 'pdca_projection_failed',
      help: '1 while the projection is stopped at an event it could not apply',
      labelNames,
      registers,
    });
  }
}
