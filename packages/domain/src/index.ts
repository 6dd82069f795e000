export * from './fiscalYear.js';
export * from './assessment/index.js';
export * from './catalog/index.js';
export * from './actuals/index.js';
export * from './cycles/index.js';
export * from './roadmap/index.js';
