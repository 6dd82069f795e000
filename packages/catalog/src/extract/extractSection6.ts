import type { DraftMeasure } from './draft.js';
import { plain, type SourceLine } from './lines.js';

const OUTCOME = /^([A-E])\.\s*(.+)$/;
const ITEM = /^[（(]([0-9０-９]+)[）)]\s*(.+)$/;
const REFERENCE = /【再掲】?/;

/** 第6節: the other measures, numbered (1), (2), … within each outcome; each is linked to its outcome. */
export function extractSection6(lines: readonly SourceLine[], from: number, to: number): DraftMeasure[] {
  const measures: DraftMeasure[] = [];
  let outcome: string | undefined;
  for (const line of lines.slice(from - 1, to)) {
    let match: RegExpMatchArray | null;
    if ((match = line.text.match(OUTCOME))) {
      outcome = match[1]!;
      continue;
    }
    if (!outcome || !(match = line.text.match(ITEM))) continue;
    const ordinal = measures.filter((m) => m.outcome === outcome).length + 1;
    measures.push({
      id: `s6.${outcome.toLowerCase()}.m${ordinal}`,
      section: 6,
      outcome,
      ordinal,
      printedNumber: `(${match[1]})`,
      title: plain(match[2]!).replace(REFERENCE, '').trim(),
      reference: REFERENCE.test(match[2]!),
      line: line.no,
      projects: [],
    });
  }
  return measures;
}
