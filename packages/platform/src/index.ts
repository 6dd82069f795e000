export * from './config.js';
export * from './postgres.js';
export * from './connectivity.js';
export * from './eventStore.js';
export { runService, type ServiceDefinition } from './runService.js';
export { serviceBase } from './fastify/serviceBase.js';
export type { Infrastructure } from './fastify/infrastructure.js';
export { sendProblem, PROBLEM_CONTENT_TYPE, type Problem } from './fastify/problem.js';
