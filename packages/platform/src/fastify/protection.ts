import { createHash } from 'node:crypto';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export interface RateLimitOptions {
  /** Requests per token (or per address without one) per window. */
  readonly max: number;
  readonly windowMs: number;
}

/** Per-token key: the same token shares one budget wherever it calls from. */
const keyOf = (request: FastifyRequest): string => {
  const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
  return token ? `token:${createHash('sha256').update(token).digest('hex')}` : `ip:${request.ip}`;
};

/** Security headers and rate limiting; a limited request gets a 429 problem document. */
export async function registerProtection(app: FastifyInstance, limits: RateLimitOptions): Promise<void> {
  await app.register(helmet, { contentSecurityPolicy: false });
  await app.register(rateLimit, {
    max: limits.max,
    timeWindow: limits.windowMs,
    keyGenerator: keyOf,
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      code: 'RATE_LIMITED',
      message: `Too Many Requests: at most ${context.max} requests per ${context.after}`,
    }),
  });
}
