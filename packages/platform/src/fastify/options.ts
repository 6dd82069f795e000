import type { FastifyServerOptions } from 'fastify';

/**
 * Validation every service shares: unknown fields are refused rather than silently dropped, types are
 * not coerced in bodies, and every violation is reported at once so a problem document can list them.
 */
export const validatorOptions: Pick<FastifyServerOptions, 'ajv' | 'bodyLimit'> = {
  ajv: { customOptions: { removeAdditional: false, allErrors: true, coerceTypes: false } },
  bodyLimit: 1024 * 1024,
};
