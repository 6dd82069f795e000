import t from 'tap';
import { parseTarget } from './parseTarget.js';

// Every target wording of the impact, outcome and output KPIs that the parser is meant to read.
const table: [string, unknown][] = [
  [
    '50%（2030 年度）',
    { form: { kind: 'percentage', percent: 50, comparator: 'eq' }, due: { basis: 'fiscal_year', year: 2030 } },
  ],
  [
    '100万人超（2030年）',
    {
      form: { kind: 'absolute', quantity: { value: 100, scale: 'man', unit: '人' }, comparator: 'gt' },
      due: { basis: 'calendar_year', year: 2030 },
    },
  ],
  [
    '15兆円超（2030年）',
    { form: { kind: 'absolute', quantity: { value: 15, scale: 'cho', unit: '円' }, comparator: 'gt' } },
  ],
  ['1.3 億人泊（2030 年）', { form: { kind: 'absolute', quantity: { value: 1.3, scale: 'oku', unit: '人泊' } } }],
  ['6,000 万人（2030 年）', { form: { kind: 'absolute', quantity: { value: 6000, scale: 'man', unit: '人' } } }],
  [
    '18,167,874t-CO2 (2030 年度)',
    {
      form: { kind: 'absolute', quantity: { value: 18167874, unit: 't-CO2' } },
      due: { basis: 'fiscal_year', year: 2030 },
    },
  ],
  ['35.8ha（2026 年度）', { form: { kind: 'absolute', quantity: { value: 35.8, unit: 'ha' } } }],
  ['230万人（2026年度末）', { due: { basis: 'fiscal_year_end', year: 2026 } }],
  ['100%（2029年度時点）', { form: { kind: 'percentage', percent: 100 }, due: { basis: 'as_of', date: '2030-03-31' } }],
  [
    '80%以上（毎年）',
    {
      form: { kind: 'every_year', threshold: { kind: 'value', quantity: { value: 80, unit: '%' } }, comparator: 'gte' },
      due: { basis: 'none' },
    },
  ],
  [
    '6,000 人（各年度）',
    { form: { kind: 'every_year', threshold: { kind: 'value', quantity: { value: 6000, unit: '人' } } } },
  ],
  [
    '毎年 14 件（2025～2027 年度）',
    {
      form: {
        kind: 'every_year',
        threshold: { kind: 'value', quantity: { value: 14, unit: '件' } },
        window: { from: 2025, to: 2027 },
      },
      due: { basis: 'range' },
    },
  ],
  ['毎年前年度以上', { form: { kind: 'every_year', threshold: { kind: 'previous_year' }, comparator: 'gte' } }],
  [
    '4 万人（2015 年度～2027 年度累計）',
    {
      form: { kind: 'cumulative', quantity: { value: 4, scale: 'man', unit: '人' }, window: { from: 2015, to: 2027 } },
      due: { basis: 'fiscal_year', year: 2027 },
    },
  ],
  ['21.7万人（2025～2030年度累計）', { form: { kind: 'cumulative', window: { from: 2025, to: 2030 } } }],
  [
    '95%（2025 年度～2029 年度）',
    { form: { kind: 'every_year', comparator: 'gte', window: { from: 2025, to: 2029 } } },
  ],
  [
    '東京圏以上（2029 年）',
    {
      form: { kind: 'benchmark', benchmarkSeries: 'tokyo-area', comparator: 'gte' },
      due: { basis: 'calendar_year', year: 2029 },
    },
  ],
  ['増加（2029 年）', { form: { kind: 'direction' }, polarity: 'increase' }],
  [
    '2025 年と比べて減少（2029 年）',
    { form: { kind: 'direction', baseYear: { basis: 'calendar_year', year: 2025 } }, polarity: 'decrease' },
  ],
  ['205 件 (2028 年度)', { form: { kind: 'absolute', quantity: { value: 205, unit: '件' } } }],
];

for (const [raw, expected] of table) {
  t.test(raw, async (t) => {
    t.match(parseTarget(raw), expected);
  });
}

t.test('wording it does not know is left for a hand-written form', async (t) => {
  t.equal(parseTarget('50%以上（各採択テーマ終了後おおむね3年）'), undefined);
  t.equal(parseTarget('3 倍（2030 年）'), undefined);
  t.equal(parseTarget(''), undefined);
});
