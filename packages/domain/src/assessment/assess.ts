import { effectiveSeries, upToCycle, type EffectiveActual, type ReportedActual } from './actuals.js';
import { CATEGORY_ORDER, categoryOfRatio, type Category, type NotAssessableReason } from './category.js';
import { meets, progressRatio } from './progress.js';
import type { Baseline, Comparator, ProgressMethod, Target, TargetForm } from './target.js';
import { cycleOfPeriod, cycleOfTime, endDate, yearsBetween } from './timeAxis.js';

export interface AssessmentInput {
  readonly target: Target;
  readonly baseline?: Baseline;
  /** Baselines per component, for multiplier targets whose components have their own base years. */
  readonly componentBaselines?: Readonly<Record<string, Baseline>>;
  readonly method?: ProgressMethod;
  /** Every report known at the moment of assessment (the caller cuts the ledger at that moment). */
  readonly reports: readonly ReportedActual[];
  /** Reports of benchmark series (e.g. `tokyo-area`), by series, for benchmark targets. */
  readonly benchmarks?: Readonly<Record<string, readonly ReportedActual[]>>;
  /** The PDCA cycle (fiscal year) assessed: periods of later cycles are ignored. */
  readonly cycle: number;
}

export interface YearResult {
  readonly year: number;
  readonly value?: number;
  readonly threshold?: number;
  readonly met?: boolean;
}

export interface Assessment {
  readonly category: Category;
  readonly reason?: NotAssessableReason;
  readonly ratio?: number;
  readonly method?: string;
  readonly latest?: EffectiveActual;
  readonly explanation: string;
  readonly years?: readonly YearResult[];
  readonly variants?: readonly { readonly label: string; readonly assessment: Assessment }[];
}

const notAssessable = (reason: NotAssessableReason, explanation: string, latest?: EffectiveActual): Assessment => ({
  category: 'not_assessable',
  reason,
  explanation,
  ...(latest && { latest }),
});

/** The assessment of one KPI for one cycle, with the reason for it. Pure: everything comes in as input. */
export function assess(input: AssessmentInput): Assessment {
  const form: TargetForm = input.target.form;
  switch (form.kind) {
    case 'pending':
      return notAssessable('target_pending', `target not yet set: ${form.note}`);
    case 'absolute':
      return assessValue(input, form.quantity.value, form.comparator);
    case 'percentage':
      return assessValue(input, form.percent, form.comparator);
    case 'multiplier':
      return assessMultiplier(input, form);
    case 'direction':
      return assessDirection(input, form);
    case 'benchmark':
      return assessBenchmark(input, form);
    case 'cumulative':
      return assessCumulative(input, form);
    case 'every_year':
      return assessEveryYear(input, form);
    case 'cohort_ratio':
      return assessCohort(input, form);
    case 'variants':
      return assessVariants(input, form);
    default: {
      const never: never = form;
      throw new Error(`unknown target form ${JSON.stringify(never)}`);
    }
  }
}

const seriesOf = (input: AssessmentInput, component?: string) =>
  upToCycle(effectiveSeries(input.reports, component), input.cycle);

const dueCycle = (input: AssessmentInput) => cycleOfTime(input.target.due) ?? Infinity;

/** A numeric target reached from a baseline: achieved, or judged by its progress ratio. */
function judgeProgress(
  input: AssessmentInput,
  latest: EffectiveActual,
  targetValue: number,
  comparator: Comparator,
  baseline: { value: number; end: Date } | undefined,
): Assessment {
  const { polarity } = input.target;
  if (meets(latest.value, targetValue, comparator, polarity))
    return { category: 'achieved', latest, explanation: `${latest.value} meets the target ${targetValue}` };
  if (!baseline) return notAssessable('baseline_missing', 'no baseline to measure progress from', latest);
  // Progress runs from the baseline towards the target; a baseline already at or past it leaves no way
  // to make progress, only to fall back.
  if (meets(baseline.value, targetValue, comparator, polarity) || baseline.value === targetValue)
    return { category: 'deteriorated', latest, explanation: 'the target was met at the baseline and no longer is' };
  const latestEnd = endDate(latest.period)!;
  const years = yearsBetween(baseline.end, latestEnd);
  if (years <= 0) return notAssessable('single_data_point', 'no actual after the baseline yet', latest);
  const due = endDate(input.target.due);
  const available = due ? yearsBetween(baseline.end, due) : 0;
  const progress = progressRatio(
    input.method ?? 'linear',
    baseline.value,
    targetValue,
    { value: latest.value, years },
    available,
  );
  return {
    category: categoryOfRatio(progress.ratio),
    ratio: progress.ratio,
    method: progress.method,
    latest,
    explanation:
      `progress ratio ${progress.ratio.toFixed(3)} (${progress.method}) from baseline ${baseline.value} ` +
      `towards ${targetValue}${progress.fallback ? `; ${progress.fallback}` : ''}`,
  };
}

function assessValue(input: AssessmentInput, targetValue: number, comparator: Comparator): Assessment {
  const latest = seriesOf(input).at(-1);
  if (!latest) return notAssessable('no_actuals', 'no actual reported for this cycle or before');
  const baseline = input.baseline && endDate(input.baseline.at);
  return judgeProgress(
    input,
    latest,
    targetValue,
    comparator,
    baseline && { value: input.baseline.value, end: baseline },
  );
}

/** 3倍 of a sum whose components have their own base years: compares the sum of the latest complete period. */
function assessMultiplier(input: AssessmentInput, form: Extract<TargetForm, { kind: 'multiplier' }>): Assessment {
  const names = form.components.map((c) => c.name);
  const baselines = names.map((name) => input.componentBaselines?.[name]);
  if (baselines.some((b) => b === undefined))
    return notAssessable('baseline_missing', `baselines needed for every component: ${names.join(', ')}`);
  const series = names.map((name) => new Map(seriesOf(input, name).map((a) => [a.period, a])));
  const complete = [...series[0]!.keys()].filter((period) => series.every((s) => s.has(period)));
  const period = complete.sort((a, b) => cycleOfPeriod(a) - cycleOfPeriod(b)).at(-1);
  if (!period) return notAssessable('no_actuals', 'no period has a value for every component');
  const parts = series.map((s) => s.get(period)!);
  const latest: EffectiveActual = {
    period,
    value: parts.reduce((sum, a) => sum + a.value, 0),
    status: parts.every((a) => a.status === 'final') ? 'final' : 'preliminary',
    reportedAt: new Date(Math.max(...parts.map((a) => a.reportedAt.getTime()))),
  };
  const baseValue = baselines.reduce((sum, b) => sum + b!.value, 0);
  // The latest base year is where the combined baseline is complete.
  const baseEnd = new Date(Math.max(...baselines.map((b) => endDate(b!.at)!.getTime())));
  return judgeProgress(input, latest, form.factor * baseValue, 'gte', { value: baseValue, end: baseEnd });
}

/** 増加 / 向上 / 減少: improved → on track (achieved from the due cycle on), unchanged → behind, worse → deteriorated. */
function assessDirection(input: AssessmentInput, form: Extract<TargetForm, { kind: 'direction' }>): Assessment {
  const series = seriesOf(input);
  const latest = series.at(-1);
  if (!latest) return notAssessable('no_actuals', 'no actual reported for this cycle or before');
  const baseYear = form.baseYear && cycleOfTime(form.baseYear);
  const base =
    input.baseline?.value ??
    (baseYear === undefined ? undefined : series.find((a) => cycleOfPeriod(a.period) === baseYear)?.value);
  if (base === undefined) return notAssessable('baseline_missing', 'no base-year value to compare with', latest);
  const baseCycle = input.baseline ? cycleOfTime(input.baseline.at) : baseYear;
  if (baseCycle !== undefined && cycleOfPeriod(latest.period) <= baseCycle)
    return notAssessable('single_data_point', 'no actual after the base year yet', latest);
  const change = input.target.polarity === 'increase' ? latest.value - base : base - latest.value;
  const explanation = `${latest.value} against ${base} in the base year`;
  if (change > 0)
    return { category: cycleOfPeriod(latest.period) >= dueCycle(input) ? 'achieved' : 'on_track', latest, explanation };
  return { category: change === 0 ? 'behind' : 'deteriorated', latest, explanation };
}

/** 東京圏以上: compare with the benchmark series in the same period; a narrowing gap counts as moderate. */
function assessBenchmark(input: AssessmentInput, form: Extract<TargetForm, { kind: 'benchmark' }>): Assessment {
  const series = seriesOf(input);
  const latest = series.at(-1);
  if (!latest) return notAssessable('no_actuals', 'no actual reported for this cycle or before');
  const reports = input.benchmarks?.[form.benchmarkSeries] ?? [];
  const bench = new Map(upToCycle(effectiveSeries(reports), input.cycle).map((a) => [a.period, a.value]));
  const benchNow = bench.get(latest.period);
  if (benchNow === undefined)
    return notAssessable('benchmark_missing', `no ${form.benchmarkSeries} value for ${latest.period}`, latest);
  const explanation = `${latest.value} against ${form.benchmarkSeries} ${benchNow} in ${latest.period}`;
  if (meets(latest.value, benchNow, form.comparator, 'increase'))
    return { category: cycleOfPeriod(latest.period) >= dueCycle(input) ? 'achieved' : 'on_track', latest, explanation };
  const previous = series
    .slice(0, -1)
    .reverse()
    .find((a) => bench.has(a.period));
  const gapNow = benchNow - latest.value;
  const gapBefore = previous && bench.get(previous.period)! - previous.value;
  if (gapBefore === undefined || gapNow === gapBefore)
    return { category: 'behind', latest, explanation: `${explanation}; gap unchanged or no earlier gap` };
  const narrowing = gapNow < gapBefore;
  return {
    category: narrowing ? 'moderate' : 'deteriorated',
    latest,
    explanation: `${explanation}; gap ${narrowing ? 'narrowing' : 'widening'}`,
  };
}

/**
 * 2025～2030年度累計: progress since the baseline, which holds what was accumulated up to its year (the
 * window may start before the plan): R = (sum since the baseline ÷ (target − baseline)) ÷ (years since
 * the baseline ÷ years from the baseline to the window's end). Without a baseline, the sum starts at the
 * window's first year, which must then be reported.
 */
function assessCumulative(input: AssessmentInput, form: Extract<TargetForm, { kind: 'cumulative' }>): Assessment {
  const { from, to } = form.window;
  const series = seriesOf(input).filter((a) => cycleOfPeriod(a.period) >= from && cycleOfPeriod(a.period) <= to);
  const baseCycle = input.baseline ? (cycleOfTime(input.baseline.at) ?? from - 1) : from - 1;
  if (!input.baseline && series.length > 0 && cycleOfPeriod(series[0]!.period) > from)
    return notAssessable('baseline_missing', `nothing reported for ${from} and no accumulated baseline`);
  const counted = series.filter((a) => cycleOfPeriod(a.period) > baseCycle);
  const latest = counted.at(-1);
  if (!latest) return notAssessable('no_actuals', 'no actual inside the window after the baseline yet');
  const base = input.baseline?.value ?? 0;
  const total = base + counted.reduce((sum, a) => sum + a.value, 0);
  const target = form.quantity.value;
  const explanation = `cumulative ${total} of ${target} over ${from}–${to}`;
  const shown = { latest: { ...latest, value: total } };
  if (meets(total, target, form.comparator, input.target.polarity))
    return { category: 'achieved', ...shown, explanation };
  const timeShare = (cycleOfPeriod(latest.period) - baseCycle) / (to - baseCycle);
  const ratio = (total - base) / (target - base) / timeShare;
  return { category: categoryOfRatio(ratio), ratio, method: 'cumulative', ...shown, explanation };
}

/** 毎年 / 各年度: each year on its own; the cycle's year decides, the list shows every year. */
function assessEveryYear(input: AssessmentInput, form: Extract<TargetForm, { kind: 'every_year' }>): Assessment {
  const byYear = new Map(seriesOf(input).map((a) => [cycleOfPeriod(a.period), a]));
  const first = form.window?.from ?? Math.min(...byYear.keys());
  const last = Math.min(form.window?.to ?? input.cycle, input.cycle);
  const { polarity } = input.target;
  const years: YearResult[] = [];
  for (let year = first; year <= last; year++) {
    const actual = byYear.get(year);
    const threshold = form.threshold.kind === 'value' ? form.threshold.quantity.value : byYear.get(year - 1)?.value;
    const met =
      actual && threshold !== undefined ? meets(actual.value, threshold, form.comparator, polarity) : undefined;
    years.push({
      year,
      ...(actual && { value: actual.value }),
      ...(threshold !== undefined && { threshold }),
      ...(met !== undefined && { met }),
    });
  }
  const decisive = years.at(-1);
  const latest = decisive && byYear.get(decisive.year);
  if (!decisive || !latest) return { ...notAssessable('no_actuals', `no actual for ${last}`), years };
  if (decisive.met === undefined)
    return { ...notAssessable('single_data_point', 'no previous year to compare with', latest), years };
  if (decisive.met)
    return {
      category: 'achieved',
      latest,
      years,
      explanation: `${latest.value} meets ${decisive.threshold} in ${decisive.year}`,
    };
  if (form.threshold.kind === 'previous_year')
    return {
      category: 'deteriorated',
      latest,
      years,
      explanation: `${latest.value} fell below the previous year's ${decisive.threshold}`,
    };
  const ratio = polarity === 'increase' ? latest.value / decisive.threshold! : decisive.threshold! / latest.value;
  return {
    category: categoryOfRatio(ratio),
    ratio,
    method: 'every_year',
    latest,
    years,
    explanation: `${latest.value} of ${decisive.threshold} in ${decisive.year}`,
  };
}

/** Per adoption cohort: a missed cohort is at best moderate (≥ 60 % of the target share), else behind. */
function assessCohort(input: AssessmentInput, form: Extract<TargetForm, { kind: 'cohort_ratio' }>): Assessment {
  const latest = seriesOf(input).at(-1);
  if (!latest) return notAssessable('no_actuals', 'no cohort result reported yet');
  const explanation = `cohort ${latest.period}: ${latest.value}% against ${form.percent}%`;
  if (meets(latest.value, form.percent, form.comparator, 'increase'))
    return { category: 'achieved', latest, explanation };
  const ratio = latest.value / form.percent;
  return { category: ratio >= 0.6 ? 'moderate' : 'behind', ratio, method: 'cohort', latest, explanation };
}

/** Each variant reads its own series (reports whose component is the variant's label). */
function assessVariants(input: AssessmentInput, form: Extract<TargetForm, { kind: 'variants' }>): Assessment {
  const variants = form.variants.map(({ label, target }) => {
    return {
      label,
      assessment: assess({
        ...input,
        // Each variant has its own baseline, never the KPI's shared one.
        baseline: input.componentBaselines?.[label],
        target,
        reports: input.reports.filter((r) => r.component === label).map(({ component: _c, ...r }) => r),
      }),
    };
  });
  const rank = (v: (typeof variants)[number]) => CATEGORY_ORDER.indexOf(v.assessment.category);
  const assessable = variants.filter((v) => v.assessment.category !== 'not_assessable');
  const worst = assessable.reduce<(typeof variants)[number] | undefined>(
    (a, b) => (!a || rank(b) > rank(a) ? b : a),
    undefined,
  );
  const unknown = variants.find((v) => v.assessment.category === 'not_assessable');
  // A variant that cannot be assessed may hide the worst one: only an assessed 遅れ or 悪化 outranks it.
  if (unknown && (!worst || rank(worst) < CATEGORY_ORDER.indexOf('behind')))
    return {
      ...notAssessable(unknown.assessment.reason ?? 'no_actuals', `variant ${unknown.label} cannot be assessed yet`),
      variants,
    };
  return { category: worst!.assessment.category, variants, explanation: `least favourable variant: ${worst!.label}` };
}
