import fp from 'fastify-plugin';
import { sendProblem } from './problem.js';

interface Check {
  name: string;
  ok: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Further conditions for `/ready`, added by the app (a cache warmed up, a worker started). */
    readinessChecks: Map<string, () => boolean | Promise<boolean>>;
  }
}

/**
 * `/health` answers while the process lives; `/ready` only when Postgres and the event store answer and
 * every check the app added holds.
 */
export const healthRoutes = fp(
  (app, _opts, done) => {
    app.decorate('readinessChecks', new Map<string, () => boolean | Promise<boolean>>());
    app.get('/health', () => ({ status: 'ok' }));
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
