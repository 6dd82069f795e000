import fp from 'fastify-plugin';
import { healthRoutes } from './healthRoutes.js';
import { infrastructurePlugin, type Infrastructure } from './infrastructure.js';
import { problemPlugin } from './problem.js';
import { authPlugin } from './auth.js';

/** What every service app starts with: its collaborators, problem+json errors, bearer auth, /health and /ready. */
export const serviceBase = fp<Infrastructure>(
  async (app, deps) => {
    await app.register(infrastructurePlugin, deps);
    await app.register(problemPlugin);
    await app.register(authPlugin, {
      tokens: deps.tokens,
      ...(deps.tokenCacheMs !== undefined && { cacheMs: deps.tokenCacheMs }),
    });
    await app.register(healthRoutes);
  },
  { name: 'pdca-service-base', fastify: '5.x' },
);
