export * from './milestone.js';
export * from './roadmapItemContext.js';
