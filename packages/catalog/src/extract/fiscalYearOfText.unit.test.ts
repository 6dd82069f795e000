import t from 'tap';
import { fiscalYearOfText } from './fiscalYearOfText.js';

t.test('the first date in a roadmap cell decides its fiscal year', async (t) => {
  t.equal(fiscalYearOfText('2026 年 4 月～ 補助金事業の実施'), 2026);
  t.equal(fiscalYearOfText('2027年1月 制度開始'), 2026, 'January–March belong to the previous fiscal year');
  t.equal(fiscalYearOfText('２０２８年度 見直し'), 2028, 'full-width digits');
  t.equal(
    fiscalYearOfText('2020 年 4 月～ 計画の認定及び支援の継続的な実施'),
    2020,
    'before the plan: kept as printed',
  );
  t.equal(fiscalYearOfText('2029年度以降 事業の進捗に応じて見直し'), 2029);
  t.equal(fiscalYearOfText('調査・検討'), undefined);
  t.equal(
    fiscalYearOfText('(2025 年度採択 分) 補助事業の公募 2026 年 4 月～ フォローアップ'),
    2026,
    'a cohort label is not a date',
  );
});
