/**
 * Every form a KPI target takes in the strategy (地方創生に関する総合戦略), kept without loss: the raw
 * text stays beside the structured form, and each form says how it is assessed.
 */

/** When a value or a target applies. `raw` keeps the document's wording (「2030年度末」, 「2023年度時点」). */
export type TargetTime =
  | { readonly basis: 'calendar_year'; readonly year: number; readonly raw?: string } // 2030年
  | { readonly basis: 'fiscal_year'; readonly year: number; readonly raw?: string } // 2030年度
  | { readonly basis: 'fiscal_year_end'; readonly year: number; readonly raw?: string } // 2026年度末
  | { readonly basis: 'as_of'; readonly date: string; readonly raw?: string } // 2023年度時点, ISO date
  | {
      readonly basis: 'range';
      readonly from: TargetTime;
      readonly to: TargetTime;
      readonly raw?: string;
    } // 2025～2027年度
  | { readonly basis: 'none'; readonly raw?: string };

/**
 * 万, 億 and 兆 multiply the figure as printed. Values are kept as printed, with their scale, and actuals
 * are reported in the KPI's own unit and scale (6,000 for 「6,000万人」), so they compare directly.
 */
export type Scale = 'one' | 'man' | 'oku' | 'cho';

export interface Quantity {
  /** The figure as printed (6,000 in 「6,000万人」). */
  readonly value: number;
  readonly scale: Scale;
  /** The unit as printed (人, 人泊, 円, 件, ha, t-CO2, %). */
  readonly unit: string;
}

/** =, 以上 (at least), 超 (more than), 以下 (at most), 未満 (less than). */
export type Comparator = 'eq' | 'gte' | 'gt' | 'lte' | 'lt';

/** Whether more is better (増加, 向上) or less (減少). */
export type Polarity = 'increase' | 'decrease';

export type ProgressMethod = 'linear' | 'cagr';

export type TargetForm =
  /** 6,000万人（2030年）, 100万人超, 18,167,874t-CO2（2030年度）. */
  | { readonly kind: 'absolute'; readonly quantity: Quantity; readonly comparator: Comparator }
  /** 30%（2030年度）, 50%以上. */
  | { readonly kind: 'percentage'; readonly percent: number; readonly comparator: Comparator }
  /** 3倍（2030年）, each component against its own base year. */
  | {
      readonly kind: 'multiplier';
      readonly factor: number;
      readonly components: readonly { readonly name: string; readonly baseYear: TargetTime }[];
    }
  /** 増加 / 向上 / 減少 against a base year (「2025年と比べて減少」). */
  | { readonly kind: 'direction'; readonly baseYear?: TargetTime }
  /** 東京圏以上: the KPI's series must reach a benchmark series (e.g. the Tokyo area's growth rate). */
  | { readonly kind: 'benchmark'; readonly benchmarkSeries: string; readonly comparator: 'gte' | 'gt' }
  /** 21.7万人（2025～2030年度累計）: the sum over a window, which may start before the plan. */
  | {
      readonly kind: 'cumulative';
      readonly quantity: Quantity;
      readonly comparator: Comparator;
      readonly window: { readonly from: number; readonly to: number };
    }
  /** 毎年14件（2025～2027年度）, 各年度80%以上, 毎年前年度以上: every year of a window on its own. */
  | {
      readonly kind: 'every_year';
      readonly threshold: { readonly kind: 'value'; readonly quantity: Quantity } | { readonly kind: 'previous_year' };
      readonly comparator: Comparator;
      readonly window?: { readonly from: number; readonly to: number };
    }
  /** The share of projects that met their own KPI, per adoption cohort (採択年度): 75%（2025年度）. */
  | { readonly kind: 'cohort_ratio'; readonly percent: number; readonly comparator: Comparator }
  /** Several targets for one KPI (e.g. per sub-indicator); each is assessed, the least favourable counts. */
  | { readonly kind: 'variants'; readonly variants: readonly { readonly label: string; readonly target: Target }[] }
  /** 「基準値及び目標値については、今後実施予定の調査の結果を踏まえて設定」: set later by event. */
  | { readonly kind: 'pending'; readonly note: string };

export interface Target {
  readonly form: TargetForm;
  readonly polarity: Polarity;
  /** When the target is due. */
  readonly due: TargetTime;
  /** The document's text of the target, verbatim. */
  readonly raw: string;
}

export interface Baseline {
  readonly value: number;
  readonly at: TargetTime;
}
