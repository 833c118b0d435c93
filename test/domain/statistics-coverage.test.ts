import { describe, expect, it } from "vitest";
import limitRunText from "../fixtures/lm-eval/qwen3-8b-leaderboard-limit1.json?raw";
import { prng } from "../../bench/synthetic";
import { BENCHMARKS, BENCHMARK_KEYS, type BenchmarkKey } from "../../worker/domain/benchmarks";
import type { HarnessResults } from "../../worker/domain/harness/events";
import { averageError, ci95, runErrors } from "../../worker/domain/statistics";

/** Item counts as the real harness reports them (n-samples of a leaderboard run); IFEval's instructions: 834. */
const sizes = Object.fromEntries(
  Object.entries((JSON.parse(limitRunText) as { "n-samples": Record<string, { original: number }> })["n-samples"]).map(
    ([task, n]) => [task, n.original],
  ),
);
const groupSize = (prefix: string) =>
  Object.entries(sizes).reduce((sum, [task, n]) => (task.startsWith(prefix) ? sum + n : sum), 0);

/** The synthetic model's true normalized score on each benchmark, far from every baseline (0) and from 100. */
const TRUE_NORMALIZED = { bbh: 35, math: 20, gpqa: 12, musr: 25, mmlu_pro: 30 };
/** IFEval: each instruction passes with probability Q; a prompt passes when all its instructions do. */
const Q = 0.7;
/** 293 prompts with two instructions and 248 with one: 541 prompts, 834 instructions. */
const PROMPT_INSTRUCTIONS = [...Array<number>(293).fill(2), ...Array<number>(248).fill(1)];
const TRUE_PROMPT = (248 * Q + 293 * Q * Q) / 541;
const TRUE_AVERAGE = (100 * ((TRUE_PROMPT + Q) / 2) + Object.values(TRUE_NORMALIZED).reduce((a, b) => a + b, 0)) / 6;

const random = prng(20_240_613);
const draw = (n: number, p: number) => {
  let k = 0;
  for (let i = 0; i < n; i++) if (random() < p) k++;
  return k;
};
/** What the harness writes beside a mean of n 0/1 scores: the sample standard deviation over √n. */
const harnessStderr = (p: number, n: number) => Math.sqrt((p * (1 - p)) / (n - 1));

/** One run of the synthetic model: a harness `results` object and the normalized scores it yields. */
function simulatedRun(): { results: HarnessResults["results"]; normalized: Record<BenchmarkKey, number> } {
  const results: HarnessResults["results"] = {};
  const task = (name: string, metric: string, n: number, p: number) => {
    const v = draw(n, p) / n;
    results[name] = { [metric]: v, [metric.replace(",", "_stderr,")]: harnessStderr(v, n) };
    return v;
  };
  const normalized = {} as Record<BenchmarkKey, number>;
  for (const b of BENCHMARKS) {
    const a = b.aggregation;
    if (a.kind === "subtask-mean") {
      const t = TRUE_NORMALIZED[b.key as "bbh" | "musr"] / 100;
      // The displayed score's formula without its clamp: the unweighted mean of 100·(v − g)/(1 − g).
      const scores = a.subtasks.map((s) => {
        const v = task(s.task, a.metric, sizes[s.task]!, s.baseline + (1 - s.baseline) * t);
        return (100 * (v - s.baseline)) / (1 - s.baseline);
      });
      normalized[b.key] = scores.reduce((x, y) => x + y, 0) / scores.length;
    } else if (a.kind === "single") {
      const t = TRUE_NORMALIZED[b.key as "math" | "gpqa" | "mmlu_pro"] / 100;
      const n = sizes[a.task] ?? groupSize(`${a.task.replace(/_hard$/, "")}_`);
      normalized[b.key] =
        (100 * (task(a.task, a.metric, n, a.baseline + (1 - a.baseline) * t) - a.baseline)) / (1 - a.baseline);
    } else {
      let prompts = 0;
      let instructions = 0;
      for (const m of PROMPT_INSTRUCTIONS) {
        const passed = draw(m, Q);
        instructions += passed;
        if (passed === m) prompts++;
      }
      const [prompt, inst] = [prompts / 541, instructions / 834];
      results[a.task] = {
        "prompt_level_strict_acc,none": prompt,
        "prompt_level_strict_acc_stderr,none": harnessStderr(prompt, 541),
        "inst_level_strict_acc,none": inst,
        "inst_level_strict_acc_stderr,none": "N/A",
      };
      normalized[b.key] = (100 * (prompt + inst)) / 2;
    }
  }
  return { results, normalized };
}

describe("coverage of the 95% interval", () => {
  it("of the average covers the true average in 93–97% of 2,000 binomial draws of a synthetic model", () => {
    const DRAWS = 2000;
    let covered = 0;
    for (let d = 0; d < DRAWS; d++) {
      const { results, normalized } = simulatedRun();
      const average = BENCHMARK_KEYS.reduce((sum, k) => sum + normalized[k], 0) / 6;
      const half = ci95(averageError(runErrors(results).benchmarks)!);
      if (Math.abs(average - TRUE_AVERAGE) <= half) covered++;
    }
    expect(covered / DRAWS).toBeGreaterThanOrEqual(0.93);
    expect(covered / DRAWS).toBeLessThanOrEqual(0.97);
  });

  it("of each benchmark is 93–97% too, IFEval's summed SEs included, when its two accuracies move together", () => {
    const DRAWS = 2000;
    const truth: Record<BenchmarkKey, number> = { ...TRUE_NORMALIZED, ifeval: 100 * ((TRUE_PROMPT + Q) / 2) };
    const covered = Object.fromEntries(BENCHMARK_KEYS.map((k) => [k, 0])) as Record<BenchmarkKey, number>;
    for (let d = 0; d < DRAWS; d++) {
      const { results, normalized } = simulatedRun();
      const errors = runErrors(results).benchmarks;
      for (const k of BENCHMARK_KEYS) if (Math.abs(normalized[k] - truth[k]) <= ci95(errors[k]!.se)) covered[k]++;
    }
    for (const k of BENCHMARK_KEYS) {
      expect(covered[k] / DRAWS, k).toBeGreaterThanOrEqual(0.93);
      expect(covered[k] / DRAWS, k).toBeLessThanOrEqual(0.97);
    }
  });
});
