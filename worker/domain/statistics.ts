/**
 * How sure a score is (../shared/reference/statistics.md): standard errors per benchmark, on the normalized and
 * the raw scale, from a pushed run's harness stderr values or, where the harness wrote none and for the old
 * board's seeded rows, the binomial estimate from the task's item count; and the SE of an average. Pure.
 */
import type { Aggregation, BenchmarkKey } from "./benchmarks";
import { BENCHMARKS, BENCHMARK_KEYS } from "./benchmarks";
import type { HarnessResults } from "./harness/events";

/** The two-sided 95% normal quantile the method uses everywhere: a half-width is `Z95 · SE`. */
export const Z95 = 1.96;

/**
 * Items per harness task, by the registry's task names: what each task's accuracy is a mean over. A metric
 * that averages over other units than its task's items is keyed `task:metric` (the key harness.ts gives a
 * task's secondary metrics): IFEval's instruction-level accuracy is over 834 instructions, not 541 prompts.
 * Groups count all their subtasks' items.
 */
export const ITEM_COUNTS: Readonly<Record<string, number>> = {
  leaderboard_ifeval: 541,
  "leaderboard_ifeval:inst_level_strict_acc,none": 834,
  leaderboard_bbh: 5761,
  leaderboard_bbh_boolean_expressions: 250,
  leaderboard_bbh_causal_judgement: 187,
  leaderboard_bbh_date_understanding: 250,
  leaderboard_bbh_disambiguation_qa: 250,
  leaderboard_bbh_formal_fallacies: 250,
  leaderboard_bbh_geometric_shapes: 250,
  leaderboard_bbh_hyperbaton: 250,
  leaderboard_bbh_logical_deduction_five_objects: 250,
  leaderboard_bbh_logical_deduction_seven_objects: 250,
  leaderboard_bbh_logical_deduction_three_objects: 250,
  leaderboard_bbh_movie_recommendation: 250,
  leaderboard_bbh_navigate: 250,
  leaderboard_bbh_object_counting: 250,
  leaderboard_bbh_penguins_in_a_table: 146,
  leaderboard_bbh_reasoning_about_colored_objects: 250,
  leaderboard_bbh_ruin_names: 250,
  leaderboard_bbh_salient_translation_error_detection: 250,
  leaderboard_bbh_snarks: 178,
  leaderboard_bbh_sports_understanding: 250,
  leaderboard_bbh_temporal_sequences: 250,
  leaderboard_bbh_tracking_shuffled_objects_five_objects: 250,
  leaderboard_bbh_tracking_shuffled_objects_seven_objects: 250,
  leaderboard_bbh_tracking_shuffled_objects_three_objects: 250,
  leaderboard_bbh_web_of_lies: 250,
  leaderboard_musr: 756,
  leaderboard_musr_murder_mysteries: 250,
  leaderboard_musr_object_placements: 256,
  leaderboard_musr_team_allocation: 250,
  leaderboard_math_hard: 1324,
  leaderboard_math_algebra_hard: 307,
  leaderboard_math_counting_and_prob_hard: 123,
  leaderboard_math_geometry_hard: 132,
  leaderboard_math_intermediate_algebra_hard: 280,
  leaderboard_math_num_theory_hard: 154,
  leaderboard_math_prealgebra_hard: 193,
  leaderboard_math_precalculus_hard: 135,
  leaderboard_gpqa: 1192,
  leaderboard_gpqa_diamond: 198,
  leaderboard_gpqa_extended: 546,
  leaderboard_gpqa_main: 448,
  leaderboard_mmlu_pro: 12032,
};

/** The item count a task's metric is a mean over; throws for a task outside the table (a registry error). */
export function itemCount(task: string, metric: string): number {
  const n = ITEM_COUNTS[`${task}:${metric}`] ?? ITEM_COUNTS[task];
  if (n === undefined) throw new Error(`no item count for ${task}`);
  return n;
}

/** The binomial standard error `sqrt(p(1−p)/(n−1))`: what the harness writes for a mean of n 0/1 scores. */
export function binomialSe(p: number, n: number): number {
  return Math.sqrt((p * (1 - p)) / (n - 1));
}

/** A benchmark's standard error on both scales. */
export interface ScoreError {
  /** On the normalized 0–100 scale, of the unclamped transform `100·(v − g)/(1 − g)`. */
  se: number;
  /** On the raw 0–1 scale. */
  seRaw: number;
  /** True when any stderr behind it is the binomial estimate rather than the harness's own. */
  estimated: boolean;
}

/**
 * `harness` when every stderr behind a row's intervals was written by the harness; `estimated` as soon as one
 * is the binomial estimate (a seeded row always; a pushed run whose file has an "N/A", as IFEval's
 * instruction-level accuracy usually is).
 */
export type CiSource = "harness" | "estimated";

export interface RowErrors {
  /** Null where the benchmark's score is missing or not a value between 0 and 1. */
  benchmarks: Record<BenchmarkKey, ScoreError | null>;
  source: CiSource;
}

/** The stderr of one input of an aggregation (a task's metric), and whether it is the estimate; null if missing. */
type InputError = { s: number; estimated: boolean } | null;
type Input = (task: string, metric: string) => InputError;

/** The SE of one benchmark through its aggregation, or null when an input is missing. */
function benchmarkError(aggregation: Aggregation, input: Input): ScoreError | null {
  switch (aggregation.kind) {
    case "single": {
      const e = input(aggregation.task, aggregation.metric);
      if (!e) return null;
      return { se: (100 * e.s) / (1 - aggregation.baseline), seRaw: e.s, estimated: e.estimated };
    }
    case "subtask-mean": {
      // The score is the unweighted mean over K subtasks, each rescaled by its own baseline.
      let normalized = 0;
      let raw = 0;
      let estimated = false;
      for (const { task, baseline } of aggregation.subtasks) {
        const e = input(task, aggregation.metric);
        if (!e) return null;
        normalized += ((100 * e.s) / (1 - baseline)) ** 2;
        raw += e.s ** 2;
        estimated ||= e.estimated;
      }
      const k = aggregation.subtasks.length;
      return { se: Math.sqrt(normalized) / k, seRaw: Math.sqrt(raw) / k, estimated };
    }
    case "metric-mean": {
      // The metrics are measured on the same prompts and move together: the sum of their SEs bounds the mean's.
      let sum = 0;
      let estimated = false;
      for (const metric of aggregation.metrics) {
        const e = input(aggregation.task, metric);
        if (!e) return null;
        sum += e.s;
        estimated ||= e.estimated;
      }
      const k = aggregation.metrics.length;
      return { se: (100 * sum) / k, seRaw: sum / k, estimated };
    }
  }
}

const isScore = (v: unknown): v is number => typeof v === "number" && v >= 0 && v <= 1;

/** `acc_norm,none` → `acc_norm_stderr,none`, the key the harness writes a metric's stderr under. */
function stderrKey(metric: string): string {
  const comma = metric.indexOf(",");
  return comma === -1 ? `${metric}_stderr` : `${metric.slice(0, comma)}_stderr${metric.slice(comma)}`;
}

function rowErrors(input: Input, seeded: boolean): RowErrors {
  const benchmarks = {} as Record<BenchmarkKey, ScoreError | null>;
  let estimated = seeded;
  for (const b of BENCHMARKS) {
    const e = benchmarkError(b.aggregation, input);
    benchmarks[b.key] = e;
    if (e?.estimated) estimated = true;
  }
  return { benchmarks, source: estimated ? "estimated" : "harness" };
}

/** A run's SEs: the file's stderr where it is a number ≥ 0, else (absent, "N/A", NaN) the binomial estimate. */
export function runErrors(results: HarnessResults["results"]): RowErrors {
  return rowErrors((task, metric) => {
    const row = results[task];
    const p = row?.[metric];
    if (!isScore(p)) return null;
    const s = row?.[stderrKey(metric)];
    if (typeof s === "number" && Number.isFinite(s) && s >= 0) return { s, estimated: false };
    return { s: binomialSe(p, itemCount(task, metric)), estimated: true };
  }, false);
}

/** A seeded row's SEs, all estimated: the raw value stands for each input (subtask, accuracy) with its n and g. */
export function seededErrors(scores: Readonly<Record<BenchmarkKey, { raw: number } | null>>): RowErrors {
  const rawOf = new Map<string, number>();
  for (const b of BENCHMARKS) {
    const raw = scores[b.key]?.raw;
    if (!isScore(raw)) continue;
    for (const task of tasksOf(b.aggregation)) rawOf.set(task, raw);
  }
  return rowErrors((task, metric) => {
    const p = rawOf.get(task);
    return p === undefined ? null : { s: binomialSe(p, itemCount(task, metric)), estimated: true };
  }, true);
}

function tasksOf(aggregation: Aggregation): string[] {
  return aggregation.kind === "subtask-mean" ? aggregation.subtasks.map((s) => s.task) : [aggregation.task];
}

/** The SE of the average over `keys` (all six by default), `sqrt(Σ SE_b²)/|B|`; null when one of them has none. */
export function averageError(
  benchmarks: Readonly<Record<BenchmarkKey, ScoreError | null>>,
  keys: readonly BenchmarkKey[] = BENCHMARK_KEYS,
  scale: "normalized" | "raw" = "normalized",
): number | null {
  if (keys.length === 0) return null;
  let sum = 0;
  for (const key of keys) {
    const e = benchmarks[key];
    if (!e) return null;
    sum += (scale === "raw" ? e.seRaw : e.se) ** 2;
  }
  return Math.sqrt(sum) / keys.length;
}

/** The half-width of the 95% interval of a value with this SE. */
export function ci95(se: number): number {
  return Z95 * se;
}
