export type * from './port.js';
export * from './errors.js';
export { categoryOf, MAX_EVENTS_PER_APPEND } from './validation.js';
export { PostgresEventStore, type PostgresEventStoreOptions } from './postgres/postgresEventStore.js';
export { migrateEventStore } from './postgres/migrations.js';
export { storeLayout, type StoreLayout } from './postgres/layout.js';
export { KurrentEventStore, type KurrentEventStoreOptions } from './kurrentdb/kurrentEventStore.js';
export { deterministicEventId } from './eventIds.js';
export { latestSeal, sealedAt, sealLog, verifyLog, type Seal, type Verification } from './postgres/audit.js';
