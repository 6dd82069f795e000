// Query strings are not coerced (validation is strict everywhere), so numbers arrive as digit strings.
/** Pagination every list takes: `limit` (1–500, default 100) and `offset`. */
export const Page = {
  limit: { type: 'string', pattern: '^(500|[1-4]\\d{2}|[1-9]\\d?)$', description: '1–500, default 100' },
  offset: { type: 'string', pattern: '^\\d{1,9}$', description: 'default 0' },
} as const;

export interface PageQuery {
  limit?: string;
  offset?: string;
}

export const pageOf = (query: PageQuery): { limit: number; offset: number } => ({
  limit: query.limit === undefined ? 100 : Number(query.limit),
  offset: query.offset === undefined ? 0 : Number(query.offset),
});

export const FiscalYearParam = {
  type: 'object',
  required: ['fy'],
  properties: { fy: { type: 'string', pattern: '^FY\\d{4}$', description: 'FY2025 = 2025年度（令和7年度）' } },
} as const;

export const fiscalYearOf = (fy: string): number => Number(fy.slice(2));
