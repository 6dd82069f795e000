export * from './catalogEntry.js';
