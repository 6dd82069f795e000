export * from './fiscalYear.js';
export * from './assessment/index.js';
