import { ROLES } from '@pdca/platform';
import type { FastifyInstance } from 'fastify';

const Me = {
  type: 'object',
  required: ['tokenId', 'name', 'role', 'ministry'],
  properties: {
    tokenId: { type: 'string', format: 'uuid' },
    name: { type: 'string' },
    role: { type: 'string', enum: [...ROLES] },
    ministry: { type: ['string', 'null'] },
  },
} as const;

/** Who the caller is, as their token says: role and ministry decide what they may report. */
export function meRoute(app: FastifyInstance): void {
  app.get('/v1/me', { config: { roles: ROLES }, schema: { response: { 200: Me } } }, (request) => request.principal);
}
