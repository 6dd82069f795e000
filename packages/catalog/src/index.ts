export * from './schema.js';
export * from './loadCatalog.js';
export { parseTarget } from './targets/parseTarget.js';
