import type { EventStore } from '@pdca/eventstore';
import { liveSchema, PROJECTIONS, replayInTransaction, type Bound } from '@pdca/projections/runner';
import type { Kysely } from 'kysely';
import { ReadModels } from '../readModels/readModels.js';
import { readReportData, type SealAt } from './reportData.js';
import type { FollowUpReport } from './reportModel.js';

/** A bound as a job carries it (JSON): a log position, or an ISO time. */
export type JobBound = { readonly position: number } | { readonly time: string };

/** How far each read model is replayed: a reproduction names both positions the original stated. */
export interface ReadModelBounds {
  readonly catalog: JobBound;
  readonly cycles: JobBound;
}

const boundOf = (bound: JobBound): Bound => ('time' in bound ? { time: new Date(bound.time) } : bound);

/**
 * The report's data as the read models held it at a past moment: both projections replayed from the log
 * up to their bounds, with their own migrations and appliers, into schemas that live only inside one
 * transaction, which is rolled back afterwards. Reads the same queries as a live report does.
 */
export async function reportDataAsOf(
  db: Kysely<unknown>,
  store: EventStore,
  request: { fiscalYear: number; generatedAt: string; bounds: ReadModelBounds },
  sealAt?: SealAt,
  onProgress: (share: number) => Promise<void> | void = () => undefined,
): Promise<FollowUpReport> {
  const head = (await store.headPosition()) ?? 0;
  return new ReadModels(db).inScratch(async (trx, prefix) => {
    for (const [i, projection] of PROJECTIONS.entries()) {
      const bound = request.bounds[projection.name as keyof ReadModelBounds];
      if (!bound) throw new Error(`no bound for the ${projection.name} read model`);
      await replayInTransaction(trx, {
        projection,
        schema: liveSchema(projection, prefix),
        store,
        until: boundOf(bound),
        onBatch: ({ position }) =>
          onProgress((i + (head === 0 ? 1 : Math.min(1, (position ?? 0) / head))) / PROJECTIONS.length),
      });
    }
    return readReportData(new ReadModels(trx, prefix), trx, request.fiscalYear, request.generatedAt, sealAt);
  });
}
