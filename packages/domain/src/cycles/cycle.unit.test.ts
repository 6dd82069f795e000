import t from 'tap';
import type { Actor } from '../actuals/kpiActual.js';
import { cycleStreamId, decideCycle, evolveCycle, initialCycleState, type CycleEvent } from './cycle.js';

const secretariat: Actor = { id: 'sec-1', role: 'secretariat', ministry: null };
const now = new Date('2026-06-30T09:00:00Z');
const given = (events: CycleEvent[]) => events.reduce(evolveCycle, initialCycleState);
const opened: CycleEvent = {
  type: 'CycleOpened',
  data: { fiscalYear: 2025, at: '2026-04-01T00:00:00.000Z', by: 'sec-1' },
};
const closed: CycleEvent = {
  type: 'CycleClosed',
  data: { fiscalYear: 2025, at: '2026-06-30T09:00:00.000Z', by: 'sec-1', reason: '取りまとめ完了' },
};

t.test('open, close with a reason, reopen with a reason', async (t) => {
  t.same(decideCycle({ type: 'OpenCycle', fiscalYear: 2025, actor: secretariat, now }, initialCycleState), [
    { type: 'CycleOpened', data: { fiscalYear: 2025, at: now.toISOString(), by: 'sec-1' } },
  ]);
  t.match(
    decideCycle(
      { type: 'CloseCycle', fiscalYear: 2025, actor: secretariat, now, reason: '取りまとめ完了' },
      given([opened]),
    ),
    [{ type: 'CycleClosed', data: { reason: '取りまとめ完了' } }],
  );
  t.match(
    decideCycle(
      { type: 'ReopenCycle', fiscalYear: 2025, actor: secretariat, now, reason: '確報値の反映' },
      given([opened, closed]),
    ),
    [{ type: 'CycleReopened', data: { reason: '確報値の反映' } }],
  );
  t.match(given([opened, closed]), { status: 'closed', since: '2026-06-30T09:00:00.000Z', reason: '取りまとめ完了' });
});

t.test('illegal transitions and roles are refused', async (t) => {
  t.throws(() => decideCycle({ type: 'OpenCycle', fiscalYear: 2025, actor: secretariat, now }, given([opened])), {
    name: 'IllegalStateError',
  });
  t.throws(
    () => decideCycle({ type: 'OpenCycle', fiscalYear: 2025, actor: secretariat, now }, given([opened, closed])),
    { name: 'IllegalStateError', message: /reopen it with a reason/ },
  );
  t.throws(() => decideCycle({ type: 'CloseCycle', fiscalYear: 2025, actor: secretariat, now }, initialCycleState), {
    name: 'IllegalStateError',
  });
  t.throws(
    () =>
      decideCycle(
        { type: 'ReopenCycle', fiscalYear: 2025, actor: secretariat, now, reason: ' ' },
        given([opened, closed]),
      ),
    { name: 'DomainValidationError' },
  );
  t.throws(
    () =>
      decideCycle(
        { type: 'OpenCycle', fiscalYear: 2025, actor: { id: 'x', role: 'submitter', ministry: 'MLIT' }, now },
        initialCycleState,
      ),
    { name: 'ForbiddenError' },
  );
  t.equal(cycleStreamId(2025), 'cycle-FY2025');
});
