import { fileURLToPath } from 'node:url';

/** Paths the catalog's tests read: the repository's seeds and the source documents beside the clone. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const seedsDir = `${repoRoot}seeds`;
export const sourceDocument = `${repoRoot}../shared/seeds/002_9abe654e008363f5.txt`;
