import type { EventStore } from '@pdca/eventstore';
import { catalogAsOf } from '@pdca/projections/catalogAsOf';
import { liveSchema, PROJECTIONS } from '@pdca/projections/runner';
import { ReadModels } from '../readModels/readModels.js';
import type { Moment } from './moment.js';

const CATALOG = PROJECTIONS.find((p) => p.name === 'catalog')!;

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
      live: liveSchema(CATALOG, models.prefix),
      schema: liveSchema(CATALOG, prefix),
      store,
      until: moment,
    });
    return { answer: await read(past), resolvedPosition };
  });
}
