import t from 'tap';
import { fiscalYearBounds, fiscalYearLabel, fiscalYearOf, parsePeriod, reiwaYear } from './fiscalYear.js';

t.test('a fiscal year runs April to March, judged by the date in Japan', async (t) => {
  t.equal(fiscalYearOf(new Date('2025-04-01T00:00:00+09:00')), 2025);
  t.equal(fiscalYearOf(new Date('2026-03-31T23:59:59+09:00')), 2025);
  t.equal(fiscalYearOf(new Date('2026-03-31T15:30:00Z')), 2026, '00:30 on 1 April in Japan');
  t.equal(fiscalYearOf(new Date('2025-01-15T12:00:00Z')), 2024);
  const { start, end } = fiscalYearBounds(2025);
  t.equal(start.toISOString(), '2025-03-31T15:00:00.000Z');
  t.equal(end.toISOString(), '2026-03-31T15:00:00.000Z');
});

t.test('labels carry the Reiwa year', async (t) => {
  t.equal(fiscalYearLabel(2025), '2025年度（令和7年度）');
  t.equal(fiscalYearLabel(2019), '2019年度（令和元年度）');
  t.equal(fiscalYearLabel(2030), '2030年度（令和12年度）');
  t.equal(reiwaYear(2029), 11);
  t.throws(() => reiwaYear(2015), RangeError);
});

t.test('period codes name their basis', async (t) => {
  t.same(parsePeriod('FY2025'), { basis: 'fiscal', year: 2025 });
  t.same(parsePeriod('CY2030'), { basis: 'calendar', year: 2030 });
  t.equal(parsePeriod('2025'), undefined);
  t.equal(parsePeriod('FY25'), undefined);
});
