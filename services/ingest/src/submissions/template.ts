import {
  CATALOG_CATEGORIES,
  foldEntry,
  kpiContextFrom,
  roadmapItemContextFrom,
  type CatalogEntryState,
} from '@pdca/domain';
import type { EventStore } from '@pdca/eventstore';
import type { Principal } from '@pdca/platform';
import ExcelJS from 'exceljs';
import { PLAN_END_FISCAL_YEAR } from '../kpiActuals/kpiContext.js';
import { COLUMNS, type Column } from './rows.js';

type TemplateRow = Partial<Record<Column, string>>;

/** The caller's own KPIs and roadmap items (all of them for the secretariat), one row each for a cycle. */
export async function templateRows(
  store: EventStore,
  principal: Principal,
  fiscalYear: number,
): Promise<TemplateRow[]> {
  const states = new Map<string, CatalogEntryState>();
  for (let after: number | undefined; ;) {
    const slice = await store.readAll({
      after,
      limit: 5000,
      categories: CATALOG_CATEGORIES.filter((c) => c === 'kpi' || c === 'roadmap'),
    });
    for (const event of slice.events) states.set(event.streamId, foldEntry([event], states.get(event.streamId)));
    after = slice.position;
    if (slice.isEnd) break;
  }
  const mine = (owner: string | null) => principal.role === 'secretariat' || owner === principal.ministry;
  const rows: TemplateRow[] = [];
  for (const [streamId, state] of states) {
    if (streamId.startsWith('kpi-')) {
      const kpi = kpiContextFrom(streamId, state, PLAN_END_FISCAL_YEAR);
      if (!kpi || !mine(kpi.ownerMinistry)) continue;
      const components = kpi.components.length > 0 ? kpi.components : [undefined];
      for (const component of components)
        rows.push({
          kind: 'actual',
          id: kpi.kpiId,
          name: kpi.name,
          period: `${kpi.periodBasis}${fiscalYear}`,
          ...(component && { component }),
        });
    } else {
      const item = roadmapItemContextFrom(streamId, state, PLAN_END_FISCAL_YEAR);
      if (item && mine(item.ownerMinistry))
        rows.push({ kind: 'milestone', id: item.itemId, name: item.name, period: `FY${fiscalYear}` });
    }
  }
  return rows.sort((a, b) => (a.kind ?? '').localeCompare(b.kind ?? '') || (a.id ?? '').localeCompare(b.id ?? ''));
}

const csvCell = (value: string | undefined) =>
  value === undefined ? '' : /[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;

/** UTF-8 with a byte-order mark, so Excel opens the Japanese names correctly. */
export function templateCsv(rows: readonly TemplateRow[]): string {
  return `\uFEFF${[COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((c) => csvCell(r[c])).join(','))].join('\r\n')}\r\n`;
}

export async function templateXlsx(rows: readonly TemplateRow[], fiscalYear: number): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(`${fiscalYear}年度 報告`, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS.map((key) => ({ header: key, key, width: key === 'name' ? 60 : 18 }));
  for (const row of rows) sheet.addRow(row);
  sheet.autoFilter = { from: 'A1', to: { row: 1, column: COLUMNS.length } };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
