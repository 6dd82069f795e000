export * from './schema.js';
export * from './loadCatalog.js';
export { parseTarget } from './targets/parseTarget.js';
export { seedCatalog, type SeedOptions, type SeedResult } from './seed/seedCatalog.js';
export { seedCommands } from './seed/seedCommands.js';
