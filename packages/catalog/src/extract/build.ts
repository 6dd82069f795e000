import type { Target } from '@pdca/domain';
import { parseTarget } from '../targets/parseTarget.js';
import type { DraftCatalog, DraftMeasure, DraftOutputKpi, DraftOutputUnit, DraftRoadmapRow } from './draft.js';
import { fiscalYearOfText } from './fiscalYearOfText.js';
import type { SourceLine } from './lines.js';
import { inferOwner, statedOwner, type Owner } from './owners.js';

export interface Curation {
  readonly kpis: Readonly<
    Record<string, { why: string; drop?: boolean; absorbs?: string[]; statement?: string; target?: Target }>
  >;
}

export interface Ministry {
  readonly code: string;
  readonly name: string;
}

const PLAN_COLUMNS = [2025, 2026, 2027, 2028, 2029];

/** Splits 「indicator：target」 at its last colon (full- or half-width). */
function splitStatement(statement: string): { name: string; targetText: string } {
  const at = Math.max(statement.lastIndexOf('：'), statement.lastIndexOf(':'));
  return at === -1
    ? { name: statement, targetText: '' }
    : { name: statement.slice(0, at).trim(), targetText: statement.slice(at + 1).trim() };
}

function buildKpi(unit: DraftOutputUnit, kpi: DraftOutputKpi, curation: Curation, owner: Owner) {
  const fix = curation.kpis[kpi.id];
  const statement = fix?.statement ?? kpi.text;
  const { name, targetText } = splitStatement(statement);
  const parsed = parseTarget(targetText);
  const target: Target | undefined =
    fix?.target ?? (parsed && { form: parsed.form, polarity: parsed.polarity, due: parsed.due, raw: targetText });
  if (!target) throw new Error(`line ${kpi.line}: no target form for 「${statement}」: add one to the curation file`);
  return {
    id: `kpi-output-${kpi.id}`,
    level: 'output' as const,
    parent: `unit-${unit.id}`,
    name,
    statement,
    target,
    notes: kpi.notes,
    owner,
    line: kpi.line,
  };
}

function buildRoadmap(unit: DraftOutputUnit, lines: readonly SourceLine[], unitOwner: Owner) {
  if (!unit.roadmap.transcribed)
    return { status: 'not_transcribed' as const, ...(unit.roadmap.line && { line: unit.roadmap.line }) };
  let project: string | undefined;
  // A milestone row takes the owner of the project it follows, unless its own words name another.
  const projectOwners = new Map<string, Owner>();
  const rows = unit.roadmap.rows.map((row: DraftRoadmapRow) => {
    const id = `roadmap-${row.id}`;
    if (row.kind === 'project') project = id;
    const text = row.cells.find((c) => c !== '') ?? '';
    const milestones =
      row.kind === 'milestone'
        ? row.cells.flatMap((cell, column) => {
            if (cell === '') return [];
            const fromText = fiscalYearOfText(cell);
            const fromColumn = PLAN_COLUMNS[column];
            return [
              fromText !== undefined
                ? { text: cell, fiscalYear: fromText, fiscalYearFrom: 'date_in_text' as const, column }
                : fromColumn !== undefined
                  ? { text: cell, fiscalYear: fromColumn, fiscalYearFrom: 'column' as const, column }
                  : { text: cell, fiscalYearFrom: 'unknown' as const, column },
            ];
          })
        : [];
    const owner = ownerOfRow(
      text,
      row.kind === 'milestone' ? (projectOwners.get(project ?? '') ?? unitOwner) : unitOwner,
    );
    if (row.kind === 'project') projectOwners.set(id, owner);
    return {
      id,
      kind: row.kind,
      ...(row.kind === 'project' ? { name: text } : { project }),
      cells: row.cells,
      milestones,
      owner,
      line: row.line,
      source: lines[row.line - 1]?.raw ?? '',
    };
  });
  return { status: 'transcribed' as const, line: unit.roadmap.line, header: unit.roadmap.header, rows };
}

/** A row's own words first; otherwise the owner of its output unit, which then is an inference. */
function ownerOfRow(text: string, unitOwner: Owner): Owner {
  const own = inferOwner(text);
  if (own.provenance !== 'unassigned' || unitOwner.provenance === 'unassigned') return own;
  return {
    provenance: 'inferred',
    ministry: unitOwner.ministry,
    reason: `the owner of its output unit (${unitOwner.provenance === 'stated' ? `stated on line ${unitOwner.line}` : unitOwner.reason})`,
  };
}

/** Turns the extractor's draft and the hand corrections into the 第5節 catalog file. */
export function buildSection5(
  draft: DraftCatalog,
  lines: readonly SourceLine[],
  curation: Curation,
  ministries: readonly Ministry[],
) {
  const names = new Map([...ministries].sort((a, b) => b.name.length - a.name.length).map((m) => [m.name, m.code]));
  const measuresById = new Map(draft.measures.map((m) => [m.id, m]));
  const absorbed = new Set(Object.values(curation.kpis).flatMap((fix) => fix.absorbs ?? []));
  // 【再掲】 restates a measure printed earlier under the same title: link it to that one.
  const originals = new Map(draft.measures.filter((m) => !m.reference).map((m) => [m.title, `measure-${m.id}`]));
  const outcomeId = (letter: string) => (letter === 'national-role' ? undefined : `outcome-${letter.toLowerCase()}`);
  return {
    schemaVersion: 1,
    strategyVersion: 'sogo-senryaku-2025',
    areas: draft.areas.map((a) => ({
      id: `area-${a.id}`,
      letter: a.letter,
      printedLabel: a.printedLabel,
      title: a.title,
      ...(outcomeId(a.outcome) && { outcome: outcomeId(a.outcome) }),
      line: a.line,
    })),
    subAreas: draft.subAreas.map((s) => ({ ...s, id: `subarea-${s.id}`, area: `area-${s.area}` })),
    measures: draft.measures.map((m) => ({
      id: `measure-${m.id}`,
      section: m.section,
      ...(outcomeId(m.outcome) && { outcome: outcomeId(m.outcome) }),
      area: `area-${m.area}`,
      ...(m.subArea && { subArea: `subarea-${m.subArea}` }),
      ...(m.topic && { topic: m.topic }),
      ordinal: m.ordinal,
      printedNumber: m.printedNumber,
      title: m.title,
      reference: m.reference,
      ...(m.reference && originals.has(m.title) && { referenceOf: originals.get(m.title) }),
      outputUnit: m.outputUnit && `unit-${m.outputUnit}`,
      projects: m.projects.map((p, i) => ({ id: `project-${m.id}.p${i + 1}`, ...p })),
      line: m.line,
    })),
    outputUnits: draft.outputUnits.map((unit) => {
      const first = Math.min(...unit.measures.map((id) => measuresById.get(id)!.line), unit.line);
      const measureTitles = unit.measures.map((id) => measuresById.get(id)!.title);
      const unitOwner = statedOwner(lines, first, unit.line, names) ?? inferOwner(...measureTitles);
      const kpiOwner = (k: DraftOutputKpi): Owner => {
        const own = statedOwner(lines, k.line, k.line, names) ?? inferOwner(k.text);
        return own.provenance !== 'unassigned' ? own : unitOwner;
      };
      const kpis = unit.kpis
        .filter((k) => !absorbed.has(k.id) && !curation.kpis[k.id]?.drop)
        .map((k) => buildKpi(unit, k, curation, kpiOwner(k)));
      return {
        id: `unit-${unit.id}`,
        area: `area-${unit.area}`,
        measures: unit.measures.map((id) => `measure-${id}`),
        line: unit.line,
        roadmap: buildRoadmap(unit, lines, unitOwner),
        kpis,
      };
    }),
  };
}

/** 第6節: every other measure, linked to its outcome. */
export function buildSection6(measures: readonly DraftMeasure[]) {
  return {
    schemaVersion: 1,
    strategyVersion: 'sogo-senryaku-2025',
    measures: measures.map((m) => ({
      id: `measure-${m.id}`,
      section: 6,
      outcome: `outcome-${m.outcome.toLowerCase()}`,
      ordinal: m.ordinal,
      printedNumber: m.printedNumber,
      title: m.title,
      reference: m.reference,
      line: m.line,
    })),
  };
}
