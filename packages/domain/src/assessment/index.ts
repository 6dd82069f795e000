export * from './target.js';
export * from './timeAxis.js';
export * from './actuals.js';
export * from './category.js';
export * from './progress.js';
export * from './assess.js';
