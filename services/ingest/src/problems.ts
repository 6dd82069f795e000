import { CycleClosedError, DomainValidationError, ForbiddenError, IllegalStateError } from '@pdca/domain';
import { WrongExpectedVersion } from '@pdca/eventstore';
import { sendProblem, type Problem } from '@pdca/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PreconditionFailed } from './kpiActuals/executeKpiActual.js';

const BASE = 'https://pdca-ledger.example/problems';

/** Typed errors of the domain and the store as RFC 9457 problems; anything else is rethrown (→ 500). */
export function problemOf(error: unknown, request: FastifyRequest): Problem | undefined {
  const instance = request.url;
  if (error instanceof DomainValidationError)
    return {
      type: `${BASE}/validation`,
      title: 'The request is invalid',
      status: 422,
      detail: error.message,
      instance,
      errors: [{ field: error.field, reason: error.message }],
    };
  if (error instanceof ForbiddenError)
    return { type: `${BASE}/forbidden`, title: 'Forbidden', status: 403, detail: error.message, instance };
  if (error instanceof CycleClosedError)
    return {
      type: `${BASE}/cycle-closed`,
      title: 'The cycle is closed',
      status: 409,
      detail: error.message,
      instance,
      fiscalYear: error.fiscalYear,
      closedSince: error.since,
      closedReason: error.reason,
    };
  if (error instanceof IllegalStateError)
    return { type: `${BASE}/conflict`, title: 'Conflict', status: 409, detail: error.message, instance };
  if (error instanceof PreconditionFailed)
    return {
      type: `${BASE}/precondition-failed`,
      title: 'Precondition Failed',
      status: 412,
      detail: error.message,
      instance,
      currentVersion: error.actual,
    };
  if (error instanceof WrongExpectedVersion)
    return {
      type: `${BASE}/conflict`,
      title: 'Conflict',
      status: 409,
      detail: 'a concurrent change won; try again',
      instance,
    };
  return undefined;
}

export async function replyWithProblems(request: FastifyRequest, reply: FastifyReply, run: () => Promise<unknown>) {
  try {
    return await run();
  } catch (error) {
    const problem = problemOf(error, request);
    if (!problem) throw error;
    return sendProblem(reply, problem);
  }
}

/** 404 for an id that names nothing in the catalog, e.g. ('KPI', 'kpi-x', 'kpiId'). */
export function notFound(
  request: FastifyRequest,
  reply: FastifyReply,
  kind: string,
  id: string,
  field: string,
): FastifyReply {
  return sendProblem(reply, {
    type: `${BASE}/not-found`,
    title: 'Not Found',
    status: 404,
    detail: `no ${kind} ${id}`,
    instance: request.url,
    errors: [{ field, reason: `unknown ${kind}` }],
  });
}
