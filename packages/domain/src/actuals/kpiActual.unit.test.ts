import t from 'tap';
import { DomainValidationError, ForbiddenError, IllegalStateError } from './errors.js';
import {
  actualStreamId,
  decideKpiActual,
  evolveKpiActual,
  initialKpiActualState,
  type Actor,
  type KpiActualEvent,
  type KpiContext,
} from './kpiActual.js';

const kpi: KpiContext = {
  kpiId: 'kpi-outcome-a-4.1',
  name: '訪日外国人旅行者数',
  periodBasis: 'CY',
  years: { from: 2015, to: 2030 },
  ownerMinistry: 'JTA',
  components: [],
};
const jta: Actor = { id: 't1', role: 'submitter', ministry: 'JTA' };
const maff: Actor = { id: 't2', role: 'submitter', ministry: 'MAFF' };
const secretariat: Actor = { id: 't3', role: 'secretariat', ministry: null };
const given = (events: KpiActualEvent[]) => events.reduce(evolveKpiActual, initialKpiActualState);
const reported: KpiActualEvent = {
  type: 'KpiActualReported',
  data: {
    kpiId: kpi.kpiId,
    period: 'CY2025',
    component: null,
    value: 4200,
    status: 'preliminary',
    source: null,
    note: null,
  },
};

t.test('given nothing, when the owner reports, then the actual is reported', async (t) => {
  const events = decideKpiActual(
    { type: 'ReportKpiActual', kpi, period: 'CY2025', actor: jta, value: 4200, status: 'preliminary', note: '速報値' },
    initialKpiActualState,
  );
  t.same(events, [
    {
      type: 'KpiActualReported',
      data: {
        kpiId: kpi.kpiId,
        period: 'CY2025',
        component: null,
        value: 4200,
        status: 'preliminary',
        source: null,
        note: '速報値',
      },
    },
  ]);
});

t.test('given a reported value, when reported again, then it must be corrected with a reason instead', async (t) => {
  t.throws(
    () =>
      decideKpiActual(
        { type: 'ReportKpiActual', kpi, period: 'CY2025', actor: jta, value: 4300, status: 'final' },
        given([reported]),
      ),
    IllegalStateError,
  );
});

t.test(
  'given a reported value, when corrected, then the correction keeps the previous value and the reason',
  async (t) => {
    const events = decideKpiActual(
      {
        type: 'CorrectKpiActual',
        kpi,
        period: 'CY2025',
        actor: jta,
        value: 4270,
        reason: '確報値の公表',
        status: 'final',
      },
      given([reported]),
    );
    t.match(events, [
      {
        type: 'KpiActualCorrected',
        data: { value: 4270, previousValue: 4200, status: 'final', reason: '確報値の公表' },
      },
    ]);
    const state = given([reported, ...events]);
    t.match(state, { status: 'reported', value: 4270, actualStatus: 'final', corrections: 1 });
  },
);

t.test('given a reported value, when retracted, then it is withdrawn and can be reported again', async (t) => {
  const retracted = decideKpiActual(
    { type: 'RetractKpiActual', kpi, period: 'CY2025', actor: jta, reason: '集計誤り' },
    given([reported]),
  );
  t.match(retracted, [{ type: 'KpiActualRetracted', data: { previousValue: 4200, reason: '集計誤り' } }]);
  const again = decideKpiActual(
    { type: 'ReportKpiActual', kpi, period: 'CY2025', actor: jta, value: 4100, status: 'final' },
    given([reported, ...retracted]),
  );
  t.equal(again[0]?.type, 'KpiActualReported');
});

t.test('corrections and retractions need a value to act on and a reason', async (t) => {
  t.throws(
    () =>
      decideKpiActual(
        { type: 'CorrectKpiActual', kpi, period: 'CY2025', actor: jta, value: 1, reason: 'x' },
        initialKpiActualState,
      ),
    IllegalStateError,
  );
  t.throws(
    () =>
      decideKpiActual(
        { type: 'RetractKpiActual', kpi, period: 'CY2025', actor: jta, reason: 'x' },
        initialKpiActualState,
      ),
    IllegalStateError,
  );
  t.throws(
    () =>
      decideKpiActual(
        { type: 'CorrectKpiActual', kpi, period: 'CY2025', actor: jta, value: 1, reason: '  ' },
        given([reported]),
      ),
    { name: 'DomainValidationError', field: 'reason' },
  );
});

t.test('who may report: the owner, the secretariat on its behalf; not another ministry or an auditor', async (t) => {
  t.throws(
    () =>
      decideKpiActual(
        { type: 'ReportKpiActual', kpi, period: 'CY2025', actor: maff, value: 1, status: 'final' },
        initialKpiActualState,
      ),
    ForbiddenError,
  );
  t.throws(
    () =>
      decideKpiActual(
        {
          type: 'ReportKpiActual',
          kpi,
          period: 'CY2025',
          actor: { id: 'a', role: 'auditor', ministry: null },
          value: 1,
          status: 'final',
        },
        initialKpiActualState,
      ),
    ForbiddenError,
  );
  t.equal(
    decideKpiActual(
      { type: 'ReportKpiActual', kpi, period: 'CY2025', actor: secretariat, value: 1, status: 'final' },
      initialKpiActualState,
    ).length,
    1,
  );
});

t.test('the period must fit the KPI basis and the plan; values must be finite; components must be known', async (t) => {
  const report = (period: string, value = 1, component?: string, context = kpi) =>
    decideKpiActual(
      { type: 'ReportKpiActual', kpi: context, period, component, actor: jta, value, status: 'final' },
      initialKpiActualState,
    );
  t.throws(() => report('FY2025'), { field: 'period', message: /calendar year \(年\): use CY2025/ });
  t.throws(() => report('CY2031'), { field: 'period', message: /outside the plan/ });
  t.throws(() => report('2025'), { name: 'DomainValidationError', field: 'period' });
  t.throws(() => report('CY2025', Number.NaN), DomainValidationError);
  t.throws(() => report('CY2025', Infinity), { name: 'DomainValidationError', field: 'value' });
  t.throws(() => report('CY2025', 1, 'exports'), { name: 'DomainValidationError', field: 'component' });
  const food = { ...kpi, components: ['農林水産物・食品の輸出額', 'インバウンドによる食関連消費額'] };
  t.throws(() => report('CY2025', 1, undefined, food), { name: 'DomainValidationError', field: 'component' });
  t.equal(report('CY2025', 1, '農林水産物・食品の輸出額', food).length, 1);
});

t.test('one stream per KPI, period and component', async (t) => {
  t.equal(actualStreamId('kpi-outcome-a-4.1', 'CY2025'), 'actual-kpi-outcome-a-4.1@CY2025');
  t.equal(actualStreamId('kpi-outcome-a-3', 'CY2025', '輸出額'), 'actual-kpi-outcome-a-3@CY2025#輸出額');
});
