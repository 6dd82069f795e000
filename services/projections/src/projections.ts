import { catalogProjection } from './catalog/catalogProjection.js';
import { cyclesProjection } from './cycles/cyclesProjection.js';
import type { Projection } from './runner/projection.js';

/** Every read model this service keeps. */
export const PROJECTIONS: readonly Projection[] = [catalogProjection, cyclesProjection];
