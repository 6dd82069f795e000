import type { DraftArea, DraftCatalog, DraftMeasure, DraftOutputUnit, DraftSubArea } from './draft.js';
import { circledNumber, plain, type SourceLine } from './lines.js';

const AREA_LETTERS = 'abcdefghijklmnopqr';
const OUTCOME = /^([A-E])\.\s*(.+)$/;
const NATIONAL_ROLE = /^4\.\s*国の役割/;
const IMPACT = /^[1-3][.・]\s*(強い経済|豊かな生活環境|選ばれる地方)$/;
// A lower-case letter, or what OCR made of l and m (I, Ⅰ, Ⅲ), followed by a full stop and a title.
const AREA = /^([a-rIⅠⅢ])\.\s*(.+)$/;
const SUB_AREA = /^[（(]([0-9０-９]+)[）)]\s*(.+)$/;
// A bracketed topic line, possibly with one level of brackets inside 「(循環経済（サーキュラーエコノミー）への移行)」.
const TOPIC = /^[（(]([^0-9０-９（()）][^（()）]*(?:[（(][^（()）]*[）)][^（()）]*)*)[）)]$/;
const PROJECTS = /^[（(]主な事業[）)]$/;
const ROADMAP = /^■\s*工程表/;
const OUTPUT_KPI = /^■\s*アウトプット\s*KPI/;
const FOOTNOTE = /^<sup>\d+<\/sup>/;
const REFERENCE = /【再掲】?/;

type Block = 'text' | 'projects' | 'roadmap' | 'kpis';

/** Walks 第5節 (from its heading to 第6節) and drafts areas, measures, output units, roadmaps and KPIs. */
export function extractSection5(lines: readonly SourceLine[], from: number, to: number): DraftCatalog {
  const areas: DraftArea[] = [];
  const subAreas: DraftSubArea[] = [];
  const measures: DraftMeasure[] = [];
  const outputUnits: DraftOutputUnit[] = [];
  let outcome = '';
  let area: DraftArea | undefined;
  let subArea: DraftSubArea | undefined;
  let topic: string | undefined;
  let measure: DraftMeasure | undefined;
  let unit: DraftOutputUnit | undefined;
  let pending: DraftMeasure[] = [];
  let block: Block = 'text';

  const openUnit = (line: number): DraftOutputUnit => {
    if (unit && unit.measures.length === 0 && pending.length === 0) return unit;
    if (!area) throw new Error(`line ${line}: an output unit outside any area`);
    const ordinal = outputUnits.filter((u) => u.area === area!.id).length + 1;
    unit = {
      id: `${area.id}.u${ordinal}`,
      area: area.id,
      measures: pending.map((m) => m.id),
      line,
      roadmap: { transcribed: false, header: [], rows: [] },
      kpis: [],
    };
    for (const m of pending) m.outputUnit = unit.id;
    pending = [];
    outputUnits.push(unit);
    return unit;
  };

  for (const line of lines.slice(from - 1, to - 1)) {
    const text = line.text;
    if (text === '' || FOOTNOTE.test(text)) continue;
    // Roadmap rows are never markdown headings: a heading ends the table.
    if (block === 'roadmap' && /^\s*#/.test(line.raw) && !ROADMAP.test(text) && !OUTPUT_KPI.test(text)) block = 'text';
    if (IMPACT.test(text)) {
      block = 'text';
      continue;
    }
    let match: RegExpMatchArray | null;

    if (ROADMAP.test(text)) {
      const u = openUnit(line.no);
      u.roadmap.rows.length = 0;
      Object.assign(u.roadmap, { line: line.no });
      block = 'roadmap';
      continue;
    }
    if (OUTPUT_KPI.test(text)) {
      if (!unit || block !== 'roadmap' || pending.length > 0) openUnit(line.no);
      block = 'kpis';
      continue;
    }
    if ((match = text.match(OUTCOME)) && !text.includes('：')) {
      outcome = match[1]!;
      area = undefined;
      subArea = undefined;
      block = 'text';
      continue;
    }
    if (NATIONAL_ROLE.test(text)) {
      outcome = 'national-role';
      area = { id: 'national-role', letter: '', printedLabel: '4.', title: '国の役割', outcome, line: line.no };
      areas.push(area);
      subArea = undefined;
      topic = undefined;
      block = 'text';
      continue;
    }
    if ((match = text.match(AREA)) && !/[：:]/.test(match[2]!)) {
      const letter = AREA_LETTERS[areas.filter((a) => a.letter !== '').length]!;
      area = { id: letter, letter, printedLabel: `${match[1]}.`, title: plain(match[2]!), outcome, line: line.no };
      areas.push(area);
      subArea = undefined;
      topic = undefined;
      block = 'text';
      continue;
    }
    if (
      (match = text.match(SUB_AREA)) &&
      area &&
      block !== 'roadmap' &&
      Number(match[1]!.replace(/[０-９]/g, (d) => String(d.charCodeAt(0) - 0xff10))) < 30
    ) {
      const ordinal = subAreas.filter((s) => s.area === area!.id).length + 1;
      subArea = {
        id: `${area.id}.${ordinal}`,
        area: area.id,
        ordinal,
        printedLabel: match[1]!,
        title: plain(match[2]!),
        line: line.no,
      };
      subAreas.push(subArea);
      topic = undefined;
      block = 'text';
      continue;
    }
    if (PROJECTS.test(text)) {
      block = 'projects';
      continue;
    }
    // Inside 主な事業 a bracketed line continues the project before it (「(経営環境の改善に資する…)」).
    if (block === 'projects' && measure?.projects.length && TOPIC.test(text) && !/^\s*(-\s*)?・/.test(line.raw)) {
      const last = measure.projects.pop()!;
      measure.projects.push({ ...last, name: `${last.name}${plain(text)}` });
      continue;
    }
    if ((match = text.match(TOPIC)) && block !== 'roadmap') {
      topic = match[1]!;
      block = 'text';
      continue;
    }
    const circled = circledNumber(text.charAt(0));
    if (circled !== undefined && area && block !== 'roadmap' && text.length > 2) {
      const parent = subArea ?? area;
      const ordinal = measures.filter((m) => (m.subArea ?? m.area) === parent.id).length + 1;
      measure = {
        id: `${parent.id}.m${ordinal}`,
        section: 5,
        outcome: area.outcome,
        area: area.id,
        ...(subArea && { subArea: subArea.id }),
        ...(topic && { topic }),
        ordinal,
        printedNumber: text.charAt(0),
        title: plain(text.slice(1)).replace(REFERENCE, '').trim(),
        reference: REFERENCE.test(text),
        line: line.no,
        projects: [],
      };
      measures.push(measure);
      pending.push(measure);
      block = 'text';
      continue;
    }
    if (block === 'projects' && measure && /^\s*(-\s*)?・/.test(line.raw)) {
      measure.projects.push({
        name: plain(text).replace(REFERENCE, '').trim(),
        reference: REFERENCE.test(text),
        line: line.no,
      });
      continue;
    }
    if (block === 'roadmap' && unit) {
      const cells = line.raw.split('\t').map((c) => plain(c));
      const labels = cells.filter((c) => c !== '');
      if (
        unit.roadmap.rows.length === 0 &&
        labels.length >= 4 &&
        labels.every((c) => /^\d{4}\s*年度(以降)?$/.test(c))
      ) {
        Object.assign(unit.roadmap, { header: cells.filter((c) => c !== ''), transcribed: true });
        continue;
      }
      const kind =
        line.raw.includes('<b>') ||
        (cells.length > 1 && cells.slice(1).every((c) => c === '') && !/\d{4}\s*年/.test(cells[0] ?? ''))
          ? 'project'
          : 'milestone';
      unit.roadmap.rows.push({ id: `${unit.id}.r${unit.roadmap.rows.length + 1}`, kind, cells, line: line.no });
      Object.assign(unit.roadmap, { transcribed: true });
      continue;
    }
    if (block === 'kpis' && unit) {
      if (text.startsWith('※')) {
        unit.kpis.at(-1)?.notes.push(plain(text));
        continue;
      }
      const isNew = /^\s*(-\s*)?・/.test(line.raw) || /^\s*-\s/.test(line.raw);
      const last = unit.kpis.at(-1);
      if (!isNew && last) {
        Object.assign(last, { text: `${last.text}${plain(text)}` });
        continue;
      }
      unit.kpis.push({ id: `${unit.id}.k${unit.kpis.length + 1}`, text: plain(text), notes: [], line: line.no });
      continue;
    }
  }
  return { areas, subAreas, measures, outputUnits };
}
