import { readFileSync } from 'node:fs';
import { assess, CATEGORY_LABELS } from '@pdca/domain';
import t from 'tap';
import { buildSection5, buildSection6, type Curation, type Ministry } from './extract/build.js';
import { extractSection5 } from './extract/extractSection5.js';
import { extractSection6 } from './extract/extractSection6.js';
import { toLines } from './extract/lines.js';
import { allKpis, loadCatalog, type Catalog } from './loadCatalog.js';
import { seedsDir, sourceDocument } from './testing.js';

const document = readFileSync(sourceDocument, 'utf8');
const lines = toLines(document);
const headingLine = (title: string, after = 0) =>
  lines.find((l) => l.no > after && l.raw.startsWith('#') && l.text.startsWith(title))!.no;
const section5Start = headingLine('第5節');
const section6Start = headingLine('第6節', section5Start);
const section5Text = lines.slice(section5Start - 1, section6Start - 1);

let catalog: Catalog;
t.before(async () => {
  catalog = await loadCatalog(`${seedsDir}/catalog`);
});

t.test('every seed file validates against its schema and references resolve', async (t) => {
  t.ok(catalog, 'loaded');
});

t.test('counts match the document, counted independently of the extractor', async (t) => {
  const count = (pattern: RegExp) => section5Text.filter((l) => pattern.test(l.text)).length;
  t.equal(catalog.logicModel.impacts.length, 3, '3 impacts');
  t.equal(catalog.logicModel.outcomes.length, 5, 'outcomes A–E');
  const impactKpis = catalog.logicModel.kpis.filter((k) => k.level === 'impact');
  const outcomeKpis = catalog.logicModel.kpis.filter((k) => k.level === 'outcome');
  t.equal(impactKpis.length, 3, 'one impact KPI per impact (第3節)');
  // Every 「- ・」 statement line of 第3節 is one impact or outcome KPI.
  const section3 = lines.slice(headingLine('第3節') - 1, headingLine('第4節') - 1);
  t.equal(impactKpis.length + outcomeKpis.length, section3.filter((l) => /^-\s*・/.test(l.raw)).length);
  t.equal(catalog.section5.areas.length, 19, 'areas a–r and 「4. 国の役割」');
  t.same(
    catalog.section5.areas.map((a) => a.letter).join(''),
    'abcdefghijklmnopqr',
    'letters by position, although OCR printed l as 「I.」 and m as 「Ⅲ.」',
  );
  t.equal(catalog.section5.outputUnits.length, count(/^■\s*工程表/), 'one output unit per ■工程表');
  t.equal(
    catalog.section5.outputUnits.filter((u) => u.kpis.length > 0).length,
    count(/^■\s*アウトプット\s*KPI/),
    'one ■アウトプットKPI block per unit that has output KPIs',
  );
  t.equal(catalog.section5.measures.filter((m) => m.projects?.length).length, count(/^[（(]主な事業[）)]$/));

  // Blocks counted straight from the text: the lines after a ■ heading up to the next heading.
  const blocks = (start: RegExp) => {
    const found: string[][] = [];
    let current: string[] | undefined;
    for (const line of section5Text) {
      // A table row holds tabs; headings never do.
      const heading =
        !line.raw.includes('\t') &&
        (/^\s*#/.test(line.raw) ||
          /^■/.test(line.text) ||
          /^[（(].+[）)]$/.test(line.text) ||
          /^[①-⑳]/.test(line.text));
      if (start.test(line.text)) found.push((current = []));
      else if (heading) current = undefined;
      else if (current && line.text !== '' && !/^<sup>/.test(line.text) && !/^※/.test(line.text))
        current.push(line.raw);
    }
    return found;
  };
  const isHeader = (raw: string) => {
    const cells = raw
      .split('\t')
      .map((c) => c.trim())
      .filter((c) => c !== '');
    return cells.length >= 4 && cells.every((c) => /^\d{4}\s*年度(以降)?$/.test(c));
  };
  const roadmapLines = blocks(/^■\s*工程表/).flatMap((b) => b.filter((raw) => !isHeader(raw)));
  const rows = catalog.section5.outputUnits.flatMap((u) => (u.roadmap.status === 'transcribed' ? u.roadmap.rows : []));
  t.equal(rows.length, roadmapLines.length, 'one roadmap row per non-header line of every ■工程表 with text');
  const kpiBullets = blocks(/^■\s*アウトプット\s*KPI/).flatMap((b) => b.filter((raw) => /^\s*-\s/.test(raw)));
  const curation = JSON.parse(readFileSync(`${seedsDir}/curation/section5.json`, 'utf8')) as Curation;
  const mergedAway = Object.values(curation.kpis).reduce(
    (n, fix) => n + (fix.absorbs?.length ?? 0) + (fix.drop ? 1 : 0),
    0,
  );
  t.equal(
    catalog.section5.outputUnits.reduce((n, u) => n + u.kpis.length, 0),
    kpiBullets.length - mergedAway,
    'one output KPI per bullet of the ■アウトプットKPI blocks, less what the curation merged or dropped',
  );
  const printed = catalog.section6.measures.reduce<Record<string, number>>((max, m) => {
    max[m.outcome!] = Math.max(max[m.outcome!] ?? 0, Number(m.printedNumber.replace(/\D/g, '')));
    return max;
  }, {});
  const counted = catalog.section6.measures.reduce<Record<string, number>>(
    (n, m) => ({ ...n, [m.outcome!]: (n[m.outcome!] ?? 0) + 1 }),
    {},
  );
  t.same(counted, printed, '第6節: as many measures per outcome as its last printed number');
  t.same(counted, { 'outcome-a': 86, 'outcome-b': 10, 'outcome-c': 48, 'outcome-d': 36, 'outcome-e': 36 });
});

t.test('spot checks: exact names and targets', async (t) => {
  const kpis = new Map(allKpis(catalog).map((k) => [k.id, k]));
  t.match(kpis.get('kpi-outcome-a-4.1'), {
    name: '訪日外国人旅行者数',
    target: {
      form: { kind: 'absolute', quantity: { value: 6000, scale: 'man', unit: '人' } },
      due: { basis: 'calendar_year', year: 2030 },
    },
  });
  t.match(kpis.get('kpi-outcome-a-3'), {
    target: {
      form: { kind: 'multiplier', factor: 3, components: [{ baseYear: { year: 2024 } }, { baseYear: { year: 2023 } }] },
    },
  });
  t.match(kpis.get('kpi-outcome-b-1'), {
    target: { due: { basis: 'fiscal_year_end', year: 2026 } },
    owner: { provenance: 'stated', ministry: 'DA', line: 162 },
  });
  t.match(kpis.get('kpi-outcome-c-1'), {
    target: { form: { kind: 'direction', baseYear: { year: 2025 } }, polarity: 'decrease' },
  });
  t.match(kpis.get('kpi-impact-1'), { target: { form: { kind: 'benchmark', benchmarkSeries: 'tokyo-area' } } });
  t.match(kpis.get('kpi-output-g.u1.k1'), {
    name: 'インバウンド消費額',
    target: { form: { kind: 'absolute', quantity: { value: 15, scale: 'cho', unit: '円' } } },
  });
  t.match(kpis.get('kpi-output-c.u1.k2'), {
    target: { form: { kind: 'cumulative', window: { from: 2015, to: 2027 } } },
  });
  t.match(kpis.get('kpi-output-a.u8.k1'), {
    target: { form: { kind: 'every_year', window: { from: 2025, to: 2027 } } },
  });
  t.match(kpis.get('kpi-output-d.u1.k2'), { target: { form: { kind: 'variants' } } });
  const pending = catalog.logicModel.kpis.filter((k) => k.target.form.kind === 'pending');
  const section3 = lines.slice(headingLine('第3節') - 1, headingLine('第4節') - 1);
  t.equal(
    pending.length,
    section3.filter((l) => l.raw.includes('具体的な基準値及び目標値については')).length,
    'every KPI whose baseline and target wait for a survey is pending',
  );
  const roadmap = catalog.section5.outputUnits.find((u) => u.id === 'unit-a.u3')!.roadmap;
  t.match(roadmap, {
    status: 'transcribed',
    rows: [
      { kind: 'project', name: '文化観光拠点施設を中核とした地域における文化観光推進事業' },
      { kind: 'milestone', milestones: [{ fiscalYear: 2020, fiscalYearFrom: 'date_in_text' }] },
      { kind: 'project' },
      { kind: 'milestone', milestones: [{ fiscalYear: 2026 }, { fiscalYear: 2029, column: 4 }] },
    ],
  });
  const references = catalog.section5.measures.filter((m) => m.reference);
  t.same(
    references.map((m) => [m.id, m.referenceOf]),
    [
      ['measure-f.1.m2', 'measure-a.1.m5'],
      ['measure-j.2.m1', 'measure-i.2.m1'],
      ['measure-j.2.m2', 'measure-i.2.m3'],
    ],
    '【再掲】 measures point at the measure they restate',
  );
  const sixteen = catalog.section5.measures.filter((m) => m.printedNumber === '⑯');
  t.ok(new Set(sixteen.map((m) => m.id)).size === sixteen.length, 'printed numbers repeat (⑯), ids do not');
});

t.test('every KPI has an owner with provenance, and every target is one the engine can assess', async (t) => {
  for (const kpi of allKpis(catalog)) {
    const result = assess({ target: kpi.target, reports: [], cycle: 2025 });
    t.ok(CATEGORY_LABELS[result.category], `${kpi.id}: ${result.category}`);
    t.ok(['stated', 'inferred', 'unassigned'].includes(kpi.owner.provenance));
  }
});

t.test('the committed 第5節 and 第6節 files are exactly what the document and the curation produce', async (t) => {
  const curation = JSON.parse(readFileSync(`${seedsDir}/curation/section5.json`, 'utf8')) as Curation;
  const { ministries } = JSON.parse(readFileSync(`${seedsDir}/catalog/ministries.json`, 'utf8')) as {
    ministries: Ministry[];
  };
  const section5 = buildSection5(extractSection5(lines, section5Start, section6Start), lines, curation, ministries);
  const section6 = buildSection6(extractSection6(lines, section6Start, lines.length));
  t.same(JSON.parse(JSON.stringify(section5)), catalog.section5, 'section5.json is reproducible');
  t.same(JSON.parse(JSON.stringify(section6)), catalog.section6, 'section6.json is reproducible');
});
