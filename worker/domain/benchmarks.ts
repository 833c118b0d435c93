/**
 * The benchmark registry: the six benchmarks of the Open LLM Leaderboard v2, held as data so that the parser,
 * the normalizer, the store, the API and the pages all read the same definitions. Adding a suite means adding
 * entries here (and generating the migration for the score column pair the schema derives from them), never
 * touching the parser or a query.
 *
 * Source: lm-evaluation-harness `leaderboard` task group and the old leaderboard's normalization
 * (../shared/reference/open-llm-leaderboard-v2.md), verified against its final data.
 */

export type BenchmarkKey = "ifeval" | "bbh" | "math" | "gpqa" | "musr" | "mmlu_pro";

/** How a benchmark's raw value (0–1) and normalized score (0–100) are computed from harness results. */
export type Aggregation =
  /** One harness row (a task or a group), normalized against one baseline. */
  | { kind: "single"; task: string; metric: string; baseline: number }
  /** Several subtasks, each normalized against its own baseline, then the unweighted mean. */
  | { kind: "subtask-mean"; metric: string; subtasks: ReadonlyArray<{ task: string; baseline: number }> }
  /** IFEval: the mean of two metrics of one task, times 100, no baseline. */
  | { kind: "metric-mean"; task: string; metrics: readonly string[] };

/** Each (task, metric) an aggregation reads. */
export function aggregationInputs(aggregation: Aggregation): Array<{ task: string; metric: string }> {
  switch (aggregation.kind) {
    case "single":
      return [{ task: aggregation.task, metric: aggregation.metric }];
    case "subtask-mean":
      return aggregation.subtasks.map((s) => ({ task: s.task, metric: aggregation.metric }));
    case "metric-mean":
      return aggregation.metrics.map((metric) => ({ task: aggregation.task, metric }));
  }
}

export interface Benchmark {
  key: BenchmarkKey;
  /** Column title as the old leaderboard showed it. */
  title: string;
  description: string;
  shots: number;
  /** Items of the task the score is read from (or of its group): what the raw value is a mean over. */
  items: number;
  /**
   * Items per harness task the benchmark covers (that task or group and every member), the harness's own sample
   * counts: what each accuracy is a mean over, and so the `n` of the binomial estimate of a stderr it lacks. A
   * metric that averages over other units than its task's items is keyed `task:metric`: IFEval's
   * instruction-level accuracy is over 834 instructions, not 541 prompts.
   */
  itemCounts: Readonly<Record<string, number>>;
  /**
   * Metrics whose stderr the harness never computes (it writes "N/A" by design), so they always take the binomial
   * estimate; a run counts as having the harness's own intervals without them (statistics.ts, `CiSource`).
   */
  stderrNeverWritten: readonly string[];
  aggregation: Aggregation;
}

/** BBH's subtasks: choices per item (the random baseline is 1 / choices). Each has 250 items but three. */
const bbhChoices: Record<string, number> = {
  sports_understanding: 2,
  navigate: 2,
  snarks: 2,
  web_of_lies: 2,
  hyperbaton: 2,
  causal_judgement: 2,
  formal_fallacies: 2,
  boolean_expressions: 2,
  tracking_shuffled_objects_three_objects: 3,
  disambiguation_qa: 3,
  logical_deduction_three_objects: 3,
  temporal_sequences: 4,
  logical_deduction_five_objects: 5,
  penguins_in_a_table: 5,
  tracking_shuffled_objects_five_objects: 5,
  date_understanding: 6,
  movie_recommendation: 6,
  salient_translation_error_detection: 6,
  ruin_names: 6,
  logical_deduction_seven_objects: 7,
  tracking_shuffled_objects_seven_objects: 7,
  geometric_shapes: 11,
  reasoning_about_colored_objects: 18,
  object_counting: 19,
};
const bbhItems = (name: string) => ({ causal_judgement: 187, penguins_in_a_table: 146, snarks: 178 })[name] ?? 250;

/** `{ task: items }` for tasks named `<prefix><name>`. */
const counts = (prefix: string, items: Record<string, number>) =>
  Object.fromEntries(Object.entries(items).map(([name, n]) => [`${prefix}${name}`, n]));

export const BENCHMARKS: readonly Benchmark[] = [
  {
    key: "ifeval",
    title: "IFEval",
    description:
      "Instruction following: verifiable formatting instructions, strict prompt- and instruction-level accuracy.",
    shots: 0,
    items: 541,
    itemCounts: { leaderboard_ifeval: 541, "leaderboard_ifeval:inst_level_strict_acc,none": 834 },
    stderrNeverWritten: ["inst_level_strict_acc,none"],
    aggregation: {
      kind: "metric-mean",
      task: "leaderboard_ifeval",
      metrics: ["prompt_level_strict_acc,none", "inst_level_strict_acc,none"],
    },
  },
  {
    key: "bbh",
    title: "BBH",
    description: "BIG-Bench Hard: 24 multi-step reasoning tasks, each normalized against its own random baseline.",
    shots: 3,
    items: 5761,
    itemCounts: {
      leaderboard_bbh: 5761,
      ...Object.fromEntries(Object.keys(bbhChoices).map((name) => [`leaderboard_bbh_${name}`, bbhItems(name)])),
    },
    stderrNeverWritten: [],
    aggregation: {
      kind: "subtask-mean",
      metric: "acc_norm,none",
      subtasks: Object.entries(bbhChoices).map(([name, choices]) => ({
        task: `leaderboard_bbh_${name}`,
        baseline: 1 / choices,
      })),
    },
  },
  {
    key: "math",
    title: "MATH Lvl 5",
    description: "Competition mathematics, level 5 only, exact match (micro average over 7 subjects).",
    shots: 4,
    items: 1324,
    itemCounts: {
      leaderboard_math_hard: 1324,
      ...counts("leaderboard_math_", {
        algebra_hard: 307,
        counting_and_prob_hard: 123,
        geometry_hard: 132,
        intermediate_algebra_hard: 280,
        num_theory_hard: 154,
        prealgebra_hard: 193,
        precalculus_hard: 135,
      }),
    },
    stderrNeverWritten: [],
    aggregation: { kind: "single", task: "leaderboard_math_hard", metric: "exact_match,none", baseline: 0 },
  },
  {
    key: "gpqa",
    title: "GPQA",
    description: "Graduate-level, Google-proof science questions (diamond, extended, main), four choices.",
    shots: 0,
    items: 1192,
    itemCounts: { leaderboard_gpqa: 1192, ...counts("leaderboard_gpqa_", { diamond: 198, extended: 546, main: 448 }) },
    stderrNeverWritten: [],
    aggregation: { kind: "single", task: "leaderboard_gpqa", metric: "acc_norm,none", baseline: 0.25 },
  },
  {
    key: "musr",
    title: "MuSR",
    description: "Multistep soft reasoning over long narratives: murder mysteries, object placements, team allocation.",
    shots: 0,
    items: 756,
    itemCounts: {
      leaderboard_musr: 756,
      ...counts("leaderboard_musr_", { murder_mysteries: 250, object_placements: 256, team_allocation: 250 }),
    },
    stderrNeverWritten: [],
    aggregation: {
      kind: "subtask-mean",
      metric: "acc_norm,none",
      subtasks: [
        { task: "leaderboard_musr_murder_mysteries", baseline: 0.5 },
        { task: "leaderboard_musr_object_placements", baseline: 0.2 },
        { task: "leaderboard_musr_team_allocation", baseline: 1 / 3 },
      ],
    },
  },
  {
    key: "mmlu_pro",
    title: "MMLU-PRO",
    description: "Massive multitask language understanding, professional edition: ten choices, harder questions.",
    shots: 5,
    items: 12032,
    itemCounts: { leaderboard_mmlu_pro: 12032 },
    stderrNeverWritten: [],
    aggregation: { kind: "single", task: "leaderboard_mmlu_pro", metric: "acc,none", baseline: 0.1 },
  },
];

export const BENCHMARK_KEYS: readonly BenchmarkKey[] = BENCHMARKS.map((b) => b.key);

/** The registry entry for a key; throws on an unknown key (a programming error, not user input). */
export function benchmark(key: BenchmarkKey): Benchmark {
  const found = BENCHMARKS.find((b) => b.key === key);
  if (!found) throw new Error(`unknown benchmark ${key}`);
  return found;
}

/** A benchmark's two score columns, in SQL and in every row that carries them: `<key>_raw` (0–1) and `<key>` (0–100). */
export type ScoreColumn = BenchmarkKey | `${BenchmarkKey}_raw`;

/** The raw-value column of a benchmark (its normalized column is named by the key itself). */
export function rawColumn(key: BenchmarkKey): `${BenchmarkKey}_raw` {
  return `${key}_raw`;
}

/** Every score column, in registry order, raw before normalized (the schema's column order). */
export const SCORE_COLUMNS: readonly ScoreColumn[] = BENCHMARK_KEYS.flatMap((k) => [rawColumn(k), k]);

/**
 * A benchmark's two standard-error columns (domain/statistics.ts): `<key>_se` on the normalized scale (points)
 * and `<key>_se_raw` on the raw 0–1 scale, numbers beside the scores so the board's columns carry them as they
 * carry the scores.
 */
export type ErrorColumn = `${BenchmarkKey}_se` | `${BenchmarkKey}_se_raw`;

export function seColumn(key: BenchmarkKey): `${BenchmarkKey}_se` {
  return `${key}_se`;
}

export function seRawColumn(key: BenchmarkKey): `${BenchmarkKey}_se_raw` {
  return `${key}_se_raw`;
}

/** Every standard-error column, in registry order, normalized before raw. */
export const ERROR_COLUMNS: readonly ErrorColumn[] = BENCHMARK_KEYS.flatMap((k) => [seColumn(k), seRawColumn(k)]);

/** The score columns of a row: null where a benchmark is missing. */
export type ScoreColumns = Record<ScoreColumn, number | null>;

/** A benchmark's raw value and normalized score. */
export interface Score {
  raw: number | null;
  normalized: number | null;
}

/** The score columns of per-benchmark scores; a benchmark absent or null leaves both its columns null. */
export function scoreColumnsOf(scores: Partial<Record<BenchmarkKey, Score | null>>): ScoreColumns {
  const columns = {} as ScoreColumns;
  for (const key of BENCHMARK_KEYS) {
    columns[rawColumn(key)] = scores[key]?.raw ?? null;
    columns[key] = scores[key]?.normalized ?? null;
  }
  return columns;
}
