import { sendProblem } from '@pdca/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const notFound = (request: FastifyRequest, reply: FastifyReply, detail: string) =>
  sendProblem(reply, { type: 'about:blank', title: 'Not Found', status: 404, detail, instance: request.url });
