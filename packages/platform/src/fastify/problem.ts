import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

/** An RFC 9457 problem document. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: { field: string; reason: string; row?: number; column?: string }[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
}

/** 404 for a thing the request names that does not exist (or did not exist at the moment asked about). */
export const sendNotFound = (request: FastifyRequest, reply: FastifyReply, detail: string): FastifyReply =>
  sendProblem(reply, { type: 'about:blank', title: 'Not Found', status: 404, detail, instance: request.url });

/** 400 with the fields and reasons: what schema validation gives, for checks a schema cannot express. */
export function invalidRequest(request: FastifyRequest, errors: { field: string; reason: string }[]): Problem {
  return {
    type: 'https://pdca-ledger.example/problems/validation',
    title: 'The request is invalid',
    status: 400,
    detail: errors.map((e) => `${e.field}: ${e.reason}`).join('; '),
    instance: request.url,
    errors,
  };
}

function fromValidation(error: FastifyError, request: FastifyRequest): Problem {
  const errors = (error.validation ?? []).map((v) => {
    const missing = (v.params as { missingProperty?: string } | undefined)?.missingProperty;
    const path = [error.validationContext, v.instancePath.replace(/^\//, '').replaceAll('/', '.'), missing]
      .filter(Boolean)
      .join('.');
    return { field: path, reason: v.message ?? 'is invalid' };
  });
  return invalidRequest(request, errors);
}

/** One error handler for every service: problem+json, and no internals in 5xx bodies. */
export const problemPlugin = fp(
  (app, _opts, done) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (error.validation) return sendProblem(reply, fromValidation(error, request));
      const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
      if (status >= 500) request.log.error({ err: error }, 'request failed');
      return sendProblem(reply, {
        type: 'about:blank',
        title: status >= 500 ? 'Internal Server Error' : error.message,
        status,
        ...(status < 500 && error.code ? { code: error.code } : {}),
        instance: request.url,
      });
    });
    app.setNotFoundHandler((request, reply) =>
      sendProblem(reply, {
        type: 'about:blank',
        title: 'Not Found',
        status: 404,
        detail: `no route for ${request.method} ${request.url}`,
        instance: request.url,
      }),
    );
    done();
  },
  { name: 'pdca-problem', fastify: '5.x' },
);
