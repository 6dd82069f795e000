export * from './fiscalYear.js';
