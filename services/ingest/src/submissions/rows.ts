import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

/** The columns of a submission sheet; `name` is shown in the template for people and ignored on upload. */
export const COLUMNS = [
  'kind',
  'id',
  'name',
  'period',
  'value',
  'status',
  'component',
  'source',
  'note',
  'evidenceUrl',
] as const;
export type Column = (typeof COLUMNS)[number];

export interface SheetRow {
  /** 1-based row of the sheet or file (the header is row 1), or the array index + 1 for JSON. */
  readonly row: number;
  readonly cells: Partial<Record<Column, string>>;
}

export interface RowError {
  readonly row: number;
  readonly column: string;
  readonly reason: string;
}

export class SheetUnreadable extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'SheetUnreadable';
  }
}

function fromRecords(records: readonly (readonly string[])[], firstRow: number): SheetRow[] {
  const [header, ...body] = records;
  if (!header) throw new SheetUnreadable('the sheet is empty');
  const names = header.map((h) => h.trim());
  const missing = ['kind', 'id', 'status'].filter((c) => !names.includes(c));
  if (missing.length > 0)
    throw new SheetUnreadable(`the header row lacks ${missing.join(', ')}; download the template`);
  return body
    .map((values, i) => ({
      row: firstRow + i + 1,
      cells: Object.fromEntries(
        names.flatMap((name, c) =>
          (COLUMNS as readonly string[]).includes(name) && values[c]?.trim() ? [[name, values[c].trim()]] : [],
        ),
      ),
    }))
    .filter((r) => Object.keys(r.cells).length > 0);
}

/** UTF-8 CSV, with or without a byte-order mark (Excel writes one). */
export function rowsFromCsv(text: string): SheetRow[] {
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true });
  } catch (error) {
    throw new SheetUnreadable(`the CSV cannot be read: ${(error as Error).message}`);
  }
  return fromRecords(records, 1);
}

/** What a person sees in a cell: formula results, rich text and hyperlinks as their text, dates as days. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value !== 'object') return String(value);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('text' in value && typeof value.text === 'string') return value.text;
  if ('result' in value) return cellText(value.result);
  return '';
}

/** The first worksheet of an .xlsx workbook. */
export async function rowsFromXlsx(buffer: Buffer): Promise<SheetRow[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch (error) {
    throw new SheetUnreadable(`the workbook cannot be read: ${(error as Error).message}`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new SheetUnreadable('the workbook has no worksheet');
  const records: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const values = Array.isArray(row.values) ? row.values.slice(1) : [];
    records.push(values.map(cellText));
  });
  return fromRecords(records, 1);
}

export function rowsFromJson(body: { rows: Partial<Record<Column, string | number>>[] }): SheetRow[] {
  return body.rows.map((cells, i) => ({
    row: i + 1,
    cells: Object.fromEntries(Object.entries(cells).map(([k, v]) => [k, String(v)])),
  }));
}
