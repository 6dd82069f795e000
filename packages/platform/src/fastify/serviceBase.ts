import fp from 'fastify-plugin';
import { healthRoutes } from './healthRoutes.js';
import { infrastructurePlugin, type Infrastructure } from './infrastructure.js';
import { problemPlugin } from './problem.js';
import { registerApiDocs } from './apiDocs.js';
import { registerProtection } from './protection.js';
import { authPlugin } from './auth.js';

export interface ServiceBaseOptions extends Infrastructure {
  /** The OpenAPI document's title. */
  readonly title?: string;
}

/**
 * What every service app starts with: its collaborators, problem+json errors, security headers, rate
 * limiting, the OpenAPI document, bearer auth, /health and /ready.
 */
export const serviceBase = fp<ServiceBaseOptions>(
  async (app, deps) => {
    await app.register(infrastructurePlugin, deps);
    await app.register(problemPlugin);
    await registerProtection(app, deps.rateLimit ?? { max: 5000, windowMs: 1000 });
    await registerApiDocs(app, deps.title ?? 'pdca-ledger');
    await app.register(authPlugin, {
      tokens: deps.tokens,
      ...(deps.tokenCacheMs !== undefined && { cacheMs: deps.tokenCacheMs }),
    });
    await app.register(healthRoutes);
  },
  { name: 'pdca-service-base', fastify: '5.x' },
);
