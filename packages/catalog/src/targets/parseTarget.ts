import type { Comparator, Quantity, Scale, Target, TargetForm, TargetTime } from '@pdca/domain';

/** Full-width digits and separators as printed in the document, normalised. */
function normalise(text: string): string {
  return text
    .replace(/[０-９]/g, (d) => String(d.charCodeAt(0) - 0xff10))
    .replace(/[（]/g, '(')
    .replace(/[）]/g, ')')
    .replace(/\s+/g, '')
    .trim();
}

const SCALES: Record<string, Scale> = { '': 'one', 万: 'man', 億: 'oku', 兆: 'cho' };
const COMPARATORS: Record<string, Comparator> = { '': 'eq', 以上: 'gte', 超: 'gt', 以下: 'lte', 未満: 'lt' };
const number = (text: string) => Number(text.replace(/,/g, ''));

/** Parses a time as printed: 2030年, 2030年度, 2026年度末, 2023年度時点. */
export function parseTime(text: string): TargetTime | undefined {
  const raw = text;
  let m: RegExpMatchArray | null;
  if ((m = text.match(/^(\d{4})年度末$/))) return { basis: 'fiscal_year_end', year: Number(m[1]), raw };
  if ((m = text.match(/^(\d{4})年度時点$/))) return { basis: 'as_of', date: `${Number(m[1]) + 1}-03-31`, raw };
  if ((m = text.match(/^(\d{4})年度$/))) return { basis: 'fiscal_year', year: Number(m[1]), raw };
  if ((m = text.match(/^(\d{4})年$/))) return { basis: 'calendar_year', year: Number(m[1]), raw };
  return undefined;
}

/** A fiscal-year window: 2025～2030年度, 2015年度～2027年度. */
function parseWindow(text: string): { from: number; to: number } | undefined {
  const m = text.match(/^(\d{4})(?:年度)?[～~〜-](\d{4})年度$/);
  return m ? { from: Number(m[1]), to: Number(m[2]) } : undefined;
}

const fiscalRange = (w: { from: number; to: number }): TargetTime => ({
  basis: 'range',
  from: { basis: 'fiscal_year', year: w.from },
  to: { basis: 'fiscal_year', year: w.to },
});

export interface ParsedTarget {
  readonly form: TargetForm;
  readonly due: TargetTime;
  readonly polarity: Target['polarity'];
}

/**
 * Reads the target part of a KPI statement (after 「：」). Returns undefined for wording it does not
 * know; such KPIs get their form written by hand in the catalog.
 */
export function parseTarget(statement: string): ParsedTarget | undefined {
  const text = normalise(statement);
  let m: RegExpMatchArray | null;
  if (text === '毎年前年度以上')
    return {
      form: { kind: 'every_year', threshold: { kind: 'previous_year' }, comparator: 'gte' },
      due: { basis: 'none', raw: statement },
      polarity: 'increase',
    };
  if ((m = text.match(/^東京圏以上\((\d{4})年\)$/)))
    return {
      form: { kind: 'benchmark', benchmarkSeries: 'tokyo-area', comparator: 'gte' },
      due: { basis: 'calendar_year', year: Number(m[1]) },
      polarity: 'increase',
    };
  if ((m = text.match(/^(?:(\d{4})年と比べて)?(増加|向上|減少)\((\d{4})年(度)?\)$/))) {
    const base = m[1] ? { baseYear: { basis: 'calendar_year' as const, year: Number(m[1]) } } : {};
    const due = parseTime(`${m[3]}年${m[4] ?? ''}`)!;
    return { form: { kind: 'direction', ...base }, due, polarity: m[2] === '減少' ? 'decrease' : 'increase' };
  }
  if ((m = text.match(/^毎年([\d,.]+)(万|億|兆)?([^\d(]+?)\((.+)\)$/))) {
    const window = parseWindow(m[4]!);
    if (!window) return undefined;
    const quantity: Quantity = { value: number(m[1]!), scale: SCALES[m[2] ?? '']!, unit: m[3]! };
    return {
      form: { kind: 'every_year', threshold: { kind: 'value', quantity }, comparator: 'gte', window },
      due: fiscalRange(window),
      polarity: 'increase',
    };
  }
  m = text.match(/^([\d,.]+)(万|億|兆)?((?:[^\d(,.][^(]*?)?)(以上|超|以下|未満)?\((.+)\)$/);
  // 「3倍」 needs its components and their base years, which only the notes give: written by hand.
  if (!m || m[3] === '倍') return undefined;
  const [, value, scale = '', unit, comparatorText = '', when] = m;
  const comparator = COMPARATORS[comparatorText]!;
  const polarity = comparator === 'lte' || comparator === 'lt' ? 'decrease' : 'increase';
  const quantity: Quantity = { value: number(value!), scale: SCALES[scale]!, unit: unit! };
  const isPercent = unit === '%' && scale === '';
  const point: TargetForm = isPercent
    ? { kind: 'percentage', percent: quantity.value, comparator }
    : { kind: 'absolute', quantity, comparator };
  const time = parseTime(when!);
  if (time) return { form: point, due: time, polarity };
  if (when === '毎年' || when === '各年度') {
    const threshold = { kind: 'value' as const, quantity };
    return {
      form: { kind: 'every_year', threshold, comparator: comparator === 'eq' ? 'gte' : comparator },
      due: { basis: 'none', raw: when },
      polarity,
    };
  }
  const cumulative = when!.match(/^(.+)累計$/);
  const window = parseWindow(cumulative ? cumulative[1]! : when!);
  if (window && cumulative)
    return {
      form: { kind: 'cumulative', quantity, comparator, window },
      due: { basis: 'fiscal_year', year: window.to },
      polarity,
    };
  // A value to hold over a window (「95%（2025年度～2029年度）」): every year of it.
  if (window)
    return {
      form: {
        kind: 'every_year',
        threshold: { kind: 'value', quantity },
        comparator: comparator === 'eq' ? 'gte' : comparator,
        window,
      },
      due: fiscalRange(window),
      polarity,
    };
  return undefined;
}
