export type Category = 'achieved' | 'on_track' | 'moderate' | 'behind' | 'deteriorated' | 'not_assessable';

export type NotAssessableReason =
  'no_actuals' | 'target_pending' | 'baseline_missing' | 'benchmark_missing' | 'single_data_point';

/** The labels the follow-up report prints. */
export const CATEGORY_LABELS: Readonly<Record<Category, string>> = {
  achieved: '達成',
  on_track: '順調',
  moderate: '概ね順調',
  behind: '遅れ',
  deteriorated: '悪化',
  not_assessable: '評価困難',
};

/**
 * Progress ratio R → category: R ≥ 0.95 on track, 0.6 ≤ R < 0.95 moderate (progress, but acceleration
 * needed), 0 ≤ R < 0.6 behind, R < 0 deteriorated (moved away from the target).
 */
export function categoryOfRatio(ratio: number): Exclude<Category, 'achieved' | 'not_assessable'> {
  if (ratio >= 0.95) return 'on_track';
  if (ratio >= 0.6) return 'moderate';
  if (ratio >= 0) return 'behind';
  return 'deteriorated';
}

/** From most to least favourable; variants of one KPI count as their least favourable. */
export const CATEGORY_ORDER: readonly Category[] = ['achieved', 'on_track', 'moderate', 'behind', 'deteriorated'];
