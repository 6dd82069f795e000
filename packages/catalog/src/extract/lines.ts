/** A line of the source document with its 1-based number, stripped of markdown heading marks. */
export interface SourceLine {
  readonly no: number;
  readonly raw: string;
  /** Without leading `#`, list marks (`- `, `・`) and surrounding blanks. */
  readonly text: string;
}

const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳㉑㉒㉓㉔㉕㉖㉗㉘㉙㉚㉛㉜㉝㉞㉟';

export function toLines(document: string): SourceLine[] {
  return document.split('\n').map((raw, i) => ({ no: i + 1, raw, text: clean(raw) }));
}

export function clean(raw: string): string {
  return raw
    .replace(/\*\*/g, '')
    .replace(/^\s*#+\s*/, '')
    .replace(/^\s*-\s*/, '')
    .replace(/^\s*・\s*/, '')
    .replace(/\s+$/, '')
    .trim();
}

/** The number a circled numeral stands for (① → 1), or undefined. */
export function circledNumber(char: string): number | undefined {
  const index = CIRCLED.indexOf(char);
  return index === -1 ? undefined : index + 1;
}

/** Simplified or traditional glyphs the OCR produced for the document's Japanese ones. */
const OCR_GLYPHS: Readonly<Record<string, string>> = { 产: '産', 國: '国', 隨: '随' };

/**
 * Drops <sup>/<sub>/<b> markup but keeps the characters they wrap (CO<sub>2</sub> → CO2), and repairs
 * known OCR glyphs. Raw text is kept elsewhere (statements, roadmap cells); this is the normalised form.
 */
export function plain(text: string): string {
  return text
    .replace(/[产國隨]/g, (c) => OCR_GLYPHS[c] ?? c)
    .replace(/<sup>\d+<\/sup>/g, '')
    .replace(/<\/?(b|sub|sup)>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
