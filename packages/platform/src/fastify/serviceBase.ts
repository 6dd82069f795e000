import fp from 'fastify-plugin';
import { healthRoutes } from './healthRoutes.js';
import { infrastructurePlugin, type Infrastructure } from './infrastructure.js';
import { problemPlugin } from './problem.js';

/** What every service app starts with: its collaborators, problem+json errors, /health and /ready. */
export const serviceBase = fp<Infrastructure>(
  async (app, deps) => {
    await app.register(infrastructurePlugin, deps);
    await app.register(problemPlugin);
    await app.register(healthRoutes);
  },
  { name: 'pdca-service-base', fastify: '5.x' },
);
