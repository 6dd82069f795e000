import t from 'tap';
import type { Actor } from '../actuals/kpiActual.js';
import { evolveEntry, initialEntryState, type CatalogEntryEvent } from './catalogEntry.js';
import { decideRevision } from './reviseEntry.js';

const secretariat: Actor = { id: 's', role: 'secretariat', ministry: null };
const defined: CatalogEntryEvent = {
  type: 'KpiDefined',
  data: { kind: 'kpi', id: 'kpi-x', facet: 'definition', value: { name: 'x' }, seedHash: 'h' },
};
const state = [defined].reduce(evolveEntry, initialEntryState);

t.test('the secretariat sets a baseline first, then revises it, always with a reason', async (t) => {
  const set = decideRevision(
    {
      type: 'ReviseCatalogEntry',
      kind: 'kpi',
      id: 'kpi-x',
      facet: 'baseline',
      value: { value: 42 },
      reason: '調査結果の公表',
      actor: secretariat,
    },
    state,
  );
  t.match(set, [{ type: 'KpiBaselineSet', data: { reason: '調査結果の公表' } }]);
  const revised = decideRevision(
    {
      type: 'ReviseCatalogEntry',
      kind: 'kpi',
      id: 'kpi-x',
      facet: 'baseline',
      value: { value: 43 },
      reason: '再集計',
      actor: secretariat,
    },
    set.reduce(evolveEntry, state),
  );
  t.match(revised, [{ type: 'KpiBaselineRevised' }]);
  t.same(
    decideRevision(
      {
        type: 'ReviseCatalogEntry',
        kind: 'kpi',
        id: 'kpi-x',
        facet: 'baseline',
        value: { value: 42 },
        reason: 'same',
        actor: secretariat,
      },
      set.reduce(evolveEntry, state),
    ),
    [],
    'an unchanged value appends nothing',
  );
});

t.test('refusals', async (t) => {
  const base = {
    type: 'ReviseCatalogEntry' as const,
    kind: 'kpi' as const,
    id: 'kpi-x',
    facet: 'owner' as const,
    value: 'MLIT',
    reason: 'r',
  };
  t.throws(() => decideRevision({ ...base, actor: { id: 'm', role: 'submitter', ministry: 'MLIT' } }, state), {
    name: 'ForbiddenError',
  });
  t.throws(() => decideRevision({ ...base, actor: secretariat, reason: ' ' }, state), {
    name: 'DomainValidationError',
  });
  t.throws(() => decideRevision({ ...base, actor: secretariat }, initialEntryState), { name: 'IllegalStateError' });
  t.throws(() => decideRevision({ ...base, kind: 'measure', actor: secretariat }, state), {
    name: 'DomainValidationError',
  });
});

t.test('values that differ only in key order are not a change', async (t) => {
  const revise = (value: { [key: string]: string }, from = state) =>
    decideRevision(
      { type: 'ReviseCatalogEntry', kind: 'kpi', id: 'kpi-x', facet: 'owner', value, reason: 'r', actor: secretariat },
      from,
    );
  const owned = revise({ provenance: 'assigned', ministry: 'METI' }).reduce(evolveEntry, state);
  t.same(revise({ ministry: 'METI', provenance: 'assigned' }, owned), []);
  t.equal(revise({ ministry: 'MLIT', provenance: 'assigned' }, owned).length, 1);
});
