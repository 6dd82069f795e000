import { PostgresEventStore, verifyLog } from '@pdca/eventstore';
import { sendProblem } from '@pdca/platform';
import type { FastifyInstance } from 'fastify';

/** Auditors re-compute the log's hash chain and get the first broken link, if any. */
export function auditRoutes(app: FastifyInstance): void {
  app.get('/v1/audit/verify', { config: { roles: ['auditor', 'secretariat'] } }, async (request, reply) => {
    if (!(app.eventStore instanceof PostgresEventStore))
      return sendProblem(reply, {
        type: 'about:blank',
        title: 'Not Implemented',
        status: 501,
        detail: 'the hash chain is kept by the PostgreSQL event store; KurrentDB keeps its own log',
        instance: request.url,
      });
    return verifyLog(app.pool, app.eventStore);
  });
}
