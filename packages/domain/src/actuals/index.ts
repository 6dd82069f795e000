export * from './errors.js';
export * from './kpiActual.js';
export * from './kpiContext.js';
