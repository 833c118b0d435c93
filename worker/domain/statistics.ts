/**
 * How sure a score is (../shared/reference/statistics.md): standard errors per benchmark, on the normalized and
 * the raw scale, from a pushed run's harness stderr values or, where the harness wrote none and for the old
 * board's seeded rows, the binomial estimate from the task's item count; and the SE of an average. Pure.
 */
import type { Aggregation, BenchmarkKey, ErrorColumn } from "./benchmarks";
import { aggregationInputs, BENCHMARKS, BENCHMARK_KEYS, seColumn, seRawColumn } from "./benchmarks";
import type { HarnessResults } from "./harness/events";

/** The two-sided 95% normal quantile the method uses everywhere: a half-width is `Z95 · SE`. */
export const Z95 = 1.96;

/**
 * Items per harness task, by task name, gathered from the registry (each benchmark's `itemCounts`, the one home
 * of these numbers); `task:metric` where a metric averages over other units than its task's items.
 */
export const ITEM_COUNTS: Readonly<Record<string, number>> = Object.assign({}, ...BENCHMARKS.map((b) => b.itemCounts));

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
 * Where a row's intervals come from. `harness` when the harness wrote every stderr it computes: each benchmark's
 * own is then the harness's, except the metrics it never writes one for (the registry's `stderrNeverWritten`:
 * IFEval's instruction-level accuracy, always "N/A"), which take the binomial estimate and leave the row
 * `harness`. `estimated` as soon as another stderr is the estimate (an "N/A", NaN or absent one), and always for
 * a seeded row. Per benchmark, `ScoreError.estimated` stays strict: IFEval's is true on every pushed run.
 */
export const CI_SOURCES = ["harness", "estimated"] as const;
export type CiSource = (typeof CI_SOURCES)[number];

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

/** `task:metric` of every input whose stderr the harness never writes. */
const NEVER_WRITTEN = new Set(
  BENCHMARKS.flatMap((b) =>
    aggregationInputs(b.aggregation).filter(({ metric }) => b.stderrNeverWritten.includes(metric)),
  ).map(({ task, metric }) => `${task}:${metric}`),
);

function rowErrors(input: Input, seeded: boolean): RowErrors {
  const benchmarks = {} as Record<BenchmarkKey, ScoreError | null>;
  let estimated = seeded;
  for (const b of BENCHMARKS) {
    let missed = false;
    const e = benchmarkError(b.aggregation, (task, metric) => {
      const found = input(task, metric);
      if (found?.estimated && !NEVER_WRITTEN.has(`${task}:${metric}`)) missed = true;
      return found;
    });
    benchmarks[b.key] = e;
    if (e && missed) estimated = true;
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
  return averageSe(keys.map((key) => (scale === "raw" ? benchmarks[key]?.seRaw : benchmarks[key]?.se)));
}

/** `sqrt(Σ SE_b²)/|B|` of the SEs of the benchmarks an average covers; null when one is missing or none given. */
export function averageSe(ses: ReadonlyArray<number | null | undefined>): number | null {
  if (ses.length === 0) return null;
  let sum = 0;
  for (const se of ses) {
    if (se == null) return null;
    sum += se ** 2;
  }
  return Math.sqrt(sum) / ses.length;
}

/** The half-width of the 95% interval of a value with this SE. */
export function ci95(se: number): number {
  return Z95 * se;
}

/** How a row stores its errors: the SE columns, a bit per benchmark (registry order) that is estimated, the source. */
export interface StoredErrors {
  columns: Record<ErrorColumn, number | null>;
  estimatedMask: number;
  source: CiSource;
}

/** A row's errors as stored: null columns where a benchmark has no SE. */
export function storedErrors(errors: RowErrors): StoredErrors {
  const columns = {} as Record<ErrorColumn, number | null>;
  let estimatedMask = 0;
  BENCHMARK_KEYS.forEach((key, i) => {
    const e = errors.benchmarks[key];
    columns[seColumn(key)] = e?.se ?? null;
    columns[seRawColumn(key)] = e?.seRaw ?? null;
    if (e?.estimated) estimatedMask |= 1 << i;
  });
  return { columns, estimatedMask, source: errors.source };
}

/** Whether benchmark `index` (registry order) of a stored mask is estimated. */
export function isEstimated(estimatedMask: number, index: number): boolean {
  return (estimatedMask & (1 << index)) !== 0;
}

/** A row's errors as the board's compact rows hold them: arrays in BENCHMARK_KEYS order, the mask, the source. */
export interface ErrorArrays {
  se: (number | null)[];
  seRaw: (number | null)[];
  seEstimated: number;
  ciSource: CiSource | null;
}

export function errorArrays(errors: RowErrors): ErrorArrays {
  const stored = storedErrors(errors);
  return {
    se: BENCHMARK_KEYS.map((k) => stored.columns[seColumn(k)]),
    seRaw: BENCHMARK_KEYS.map((k) => stored.columns[seRawColumn(k)]),
    seEstimated: stored.estimatedMask,
    ciSource: stored.source,
  };
}

/** The errors a seeded row of these raw values (BENCHMARK_KEYS order, null where missing) was stored with. */
export function seededErrorArrays(raw: readonly (number | null)[]): ErrorArrays {
  return errorArrays(
    seededErrors(
      Object.fromEntries(BENCHMARK_KEYS.map((k, i) => [k, raw[i] == null ? null : { raw: raw[i] }])) as Record<
        BenchmarkKey,
        { raw: number } | null
      >,
    ),
  );
}

/**
 * Benchmark `index`'s (registry order) SEs on a seeded row of raw value `raw`: `seededErrors`' arithmetic for that
 * one benchmark, in the same order, from item counts and baselines gathered once, so the board snapshot can tell
 * rows whose SEs are exactly the seeded estimate (most of them) from those it stores, and give them back per row
 * cheaply (./board/snapshot.ts; a test holds it equal to `seededErrorArrays`).
 */
export function seededScoreError(index: number, raw: number | null): ScoreError | null {
  const plan = seededPlans()[index];
  if (!plan || !isScore(raw)) return null;
  const q = raw * (1 - raw);
  const { kind, counts, scales } = plan;
  if (kind === "single") {
    const s = Math.sqrt(q / ((counts[0] as number) - 1));
    return { se: (100 * s) / (scales[0] as number), seRaw: s, estimated: true };
  }
  let normalized = 0;
  let sum = 0;
  for (let i = 0; i < counts.length; i++) {
    const s = Math.sqrt(q / ((counts[i] as number) - 1));
    if (kind === "subtask-mean") {
      normalized += ((100 * s) / (scales[i] as number)) ** 2;
      sum += s ** 2;
    } else sum += s;
  }
  const k = counts.length;
  return kind === "subtask-mean"
    ? { se: Math.sqrt(normalized) / k, seRaw: Math.sqrt(sum) / k, estimated: true }
    : { se: (100 * sum) / k, seRaw: sum / k, estimated: true };
}

/**
 * The estimated mask a seeded row of these raw values (BENCHMARK_KEYS order) is stored with, as
 * `seededErrorArrays(raw).seEstimated` gives it, without building the row's errors: every benchmark
 * `seededScoreError` gives an error for (its source is "estimated"). The island's slice derives it per row.
 */
export function seededEstimatedMask(raw: readonly (number | null)[]): number {
  let mask = 0;
  for (let b = 0; b < raw.length; b++) if (seededScoreError(b, raw[b] ?? null) !== null) mask |= 1 << b;
  return mask;
}

/** Per benchmark: its aggregation's kind, each input's item count and `1 − baseline`, in benchmarkError's order. */
interface SeededPlan {
  kind: Aggregation["kind"];
  counts: number[];
  scales: number[];
}
let plans: SeededPlan[] | null = null;

function seededPlans(): SeededPlan[] {
  plans ??= BENCHMARKS.map(({ aggregation: a }) => {
    const counts = aggregationInputs(a).map(({ task, metric }) => itemCount(task, metric));
    if (a.kind === "subtask-mean") return { kind: a.kind, counts, scales: a.subtasks.map((t) => 1 - t.baseline) };
    return { kind: a.kind, counts, scales: a.kind === "single" ? [1 - a.baseline] : [] };
  });
  return plans;
}
