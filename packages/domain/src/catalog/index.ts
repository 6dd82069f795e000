export * from './catalogEntry.js';
export * from './reviseEntry.js';
