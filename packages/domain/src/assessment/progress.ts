import type { Comparator, Polarity, ProgressMethod } from './target.js';

/** Whether `actual` meets `target` under the comparator; `eq` means reaching it in the polarity's direction. */
export function meets(actual: number, target: number, comparator: Comparator, polarity: Polarity): boolean {
  switch (comparator) {
    case 'gte':
      return actual >= target;
    case 'gt':
      return actual > target;
    case 'lte':
      return actual <= target;
    case 'lt':
      return actual < target;
    case 'eq':
      return polarity === 'increase' ? actual >= target : actual <= target;
    default: {
      const never: never = comparator;
      throw new Error(`unknown comparator ${String(never)}`);
    }
  }
}

export interface ProgressPoint {
  readonly value: number;
  /** Years since the baseline's end day. */
  readonly years: number;
}

export interface ProgressResult {
  readonly method: ProgressMethod;
  readonly ratio: number;
  /** Set when the CAGR method could not apply and the linear one was used instead. */
  readonly fallback?: string;
}

/**
 * The progress ratio of a numeric target.
 *
 * Linear: R = ((actual − baseline) ÷ (target − baseline)) ÷ (years elapsed ÷ years available).
 *   Example: baseline 100 (2024), target 200 (2030), actual 130 in 2027 → (30 ÷ 100) ÷ (3 ÷ 6) = 0.6,
 *   「概ね順調」. A decreasing target works the same way: baseline 50, target 30, actual 45 halfway →
 *   (−5 ÷ −20) ÷ 0.5 = 0.5, 「遅れ」.
 *
 * CAGR (as in the Open SDG / Statistics Canada progress method): R = observed CAGR ÷ required CAGR, with
 *   observed = (actual ÷ baseline)^(1 ÷ years elapsed) − 1 and required = (target ÷ baseline)^(1 ÷ years
 *   available) − 1. Example: baseline 100, target 300 in 6 years (required 20.09 %/yr), actual 150 after
 *   3 years (observed 14.47 %/yr) → R = 0.72, 「概ね順調」. It needs positive values; otherwise the
 *   linear method is used and the result says so.
 */
export function progressRatio(
  method: ProgressMethod,
  baseline: number,
  target: number,
  actual: ProgressPoint,
  yearsAvailable: number,
): ProgressResult {
  const timeShare = yearsAvailable > 0 ? actual.years / yearsAvailable : 1;
  const linear = (): number => (actual.value - baseline) / (target - baseline) / timeShare;
  if (method === 'linear') return { method, ratio: linear() };
  if (baseline <= 0 || actual.value <= 0 || target <= 0 || yearsAvailable <= 0) {
    return { method: 'linear', ratio: linear(), fallback: 'CAGR needs positive values and time: linear used' };
  }
  const observed = (actual.value / baseline) ** (1 / actual.years) - 1;
  const required = (target / baseline) ** (1 / yearsAvailable) - 1;
  return { method, ratio: observed / required };
}
