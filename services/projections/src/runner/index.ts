export { ProjectionMetrics } from './metrics.js';
export { liveSchema, type Projection } from './projection.js';
export { migrateProjection, ProjectionRunner } from './projectionRunner.js';
export { rebuildProjection, type RebuildProgress } from './rebuild.js';
export { PROJECTIONS } from '../projections.js';
export { appendSyntheticLedger } from '../synthetic/syntheticLedger.js';
export { advanceCheckpoint } from './checkpoint.js';
export { useSchema } from './projection.js';
export {
  createScratchSchema,
  prefixWithin,
  replayInTransaction,
  streamBound,
  withinBound,
  type Bound,
  type ScratchReplay,
} from './scratch.js';
