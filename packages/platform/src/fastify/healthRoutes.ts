import fp from 'fastify-plugin';
import { sendProblem } from './problem.js';

export interface HealthReport {
  readonly ok: boolean;
  readonly detail?: unknown;
}

interface Check {
  name: string;
  ok: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Further conditions for `/ready`, added by the app (a cache warmed up, a worker started). */
    readinessChecks: Map<string, () => boolean | Promise<boolean>>;
    /** Parts of the process that report on `/health` (a projection stopped at an event, say). */
    healthReports: Map<string, () => HealthReport | Promise<HealthReport>>;
  }
}

/**
 * `/health` answers while the process lives; `/ready` only when Postgres and the event store answer and
 * every check the app added holds.
 */
export const healthRoutes = fp(
  (app, _opts, done) => {
    app.decorate('readinessChecks', new Map<string, () => boolean | Promise<boolean>>());
    app.decorate('healthReports', new Map<string, () => HealthReport | Promise<HealthReport>>());
    // Still 200 when a part is degraded: the process lives, and restarting it would not fix an event.
    app.get('/health', async () => {
      if (app.healthReports.size === 0) return { status: 'ok' };
      const parts: Record<string, HealthReport> = {};
      for (const [name, report] of app.healthReports) parts[name] = await report();
      return { status: Object.values(parts).every((p) => p.ok) ? 'ok' : 'degraded', parts };
    });
    app.get('/ready', async (_request, reply) => {
      const checks: Check[] = [
        {
          name: 'postgres',
          ok: await app.pool.query('SELECT 1').then(
            () => true,
            () => false,
          ),
        },
        { name: 'eventStore', ok: await app.eventStore.ping() },
      ];
      for (const [name, check] of app.readinessChecks) checks.push({ name, ok: await check() });
      if (checks.every((c) => c.ok)) return { status: 'ready', checks };
      return sendProblem(reply, {
        type: 'about:blank',
        title: 'Service Unavailable',
        status: 503,
        detail: `not ready: ${checks
          .filter((c) => !c.ok)
          .map((c) => c.name)
          .join(', ')} failing`,
        checks,
      });
    });
    done();
  },
  { name: 'pdca-health', dependencies: ['pdca-infrastructure'], fastify: '5.x' },
);
