import fp from 'fastify-plugin';
import type { Principal, Role, TokenStore } from '../auth/tokenStore.js';
import { sendProblem } from './problem.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** Roles allowed on the route; routes without it are public. */
    roles?: readonly Role[];
  }
}

export interface AuthOptions {
  readonly tokens: TokenStore;
  /** How long a resolved token is trusted without asking Postgres: the delay before a revocation bites. */
  readonly cacheMs?: number;
}

/** Bearer tokens: 401 without a valid one, 403 for a role the route does not allow; both as problem+json. */
export const authPlugin = fp<AuthOptions>(
  (app, { tokens, cacheMs = 5000 }, done) => {
    const cache = new Map<string, { principal: Principal | undefined; until: number }>();
    const resolve = async (token: string) => {
      const hit = cache.get(token);
      if (hit && hit.until > Date.now()) return hit.principal;
      const principal = await tokens.resolve(token);
      if (cacheMs > 0) cache.set(token, { principal, until: Date.now() + cacheMs });
      if (cache.size > 10_000) cache.clear();
      return principal;
    };
    app.decorateRequest('principal', null);
    app.addHook('onRequest', async (request, reply) => {
      const roles = request.routeOptions.config.roles;
      if (!roles) return;
      const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      const principal = token ? await resolve(token) : undefined;
      if (!principal) {
        reply.header('www-authenticate', 'Bearer');
        return sendProblem(reply, {
          type: 'https://pdca-ledger.example/problems/unauthenticated',
          title: 'Unauthorized',
          status: 401,
          detail: token
            ? 'the bearer token is unknown or revoked'
            : 'an Authorization: Bearer <token> header is required',
          instance: request.url,
        });
      }
      if (!roles.includes(principal.role)) {
        return sendProblem(reply, {
          type: 'https://pdca-ledger.example/problems/forbidden',
          title: 'Forbidden',
          status: 403,
          detail: `role ${principal.role} may not ${request.method} ${request.routeOptions.url ?? request.url}; allowed: ${roles.join(', ')}`,
          instance: request.url,
        });
      }
      request.principal = principal;
    });
    done();
  },
  { name: 'pdca-auth', fastify: '5.x' },
);
