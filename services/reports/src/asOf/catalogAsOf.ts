import type { EventStore } from '@pdca/eventstore';
import { catalogAsOf } from '@pdca/projections/catalogAsOf';
import { ReadModels } from '../readModels/readModels.js';
import type { Moment } from './moment.js';

/**
 * Answers `read` over the catalog read model as it stood at a past moment, rebuilt inside a transaction
 * that is rolled back afterwards; and the position of the last catalog change it includes.
 */
export async function pastCatalog<T>(
  models: ReadModels,
  store: EventStore,
  moment: Moment,
  read: (models: ReadModels) => Promise<T>,
): Promise<{ answer: T; resolvedPosition: number | null }> {
  return models.inScratch(async (trx, prefix) => {
    const past = new ReadModels(trx, prefix);
    const { resolvedPosition } = await catalogAsOf(trx, {
      live: `${models.prefix}catalog`,
      schema: `${prefix}catalog`,
      store,
      until: moment,
    });
    return { answer: await read(past), resolvedPosition };
  });
}
