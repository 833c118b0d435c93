import { describe, expect, it } from "vitest";
import expectedText from "../fixtures/statistics/expected.json?raw";
import fullRunText from "../fixtures/lm-eval/qwen2.5-7b-instruct-leaderboard-full.json?raw";
import limitRunText from "../fixtures/lm-eval/qwen3-8b-leaderboard-limit1.json?raw";
import { BENCHMARKS, BENCHMARK_KEYS, type BenchmarkKey } from "../../worker/domain/benchmarks";
import {
  parseEvaluatorEvent,
  parseHarnessJson,
  type CompletedEvent,
  type HarnessResults,
} from "../../worker/domain/harness/events";
import { interpretCompleted } from "../../worker/domain/harness/interpret";
import {
  averageError,
  binomialSe,
  ci95,
  ITEM_COUNTS,
  itemCount,
  runErrors,
  seededErrors,
  type RowErrors,
} from "../../worker/domain/statistics";
import { demoData } from "../support/demo";

/** What test/fixtures/statistics/expected.py computed from statistics.md, independently of worker/. */
interface ExpectedCase {
  benchmarks: Record<BenchmarkKey, { se: number; seRaw: number; ci95: number; ci95Raw: number; estimated: boolean }>;
  average: { se: number; ci95: number; ci95Raw: number };
  subset: { keys: BenchmarkKey[]; se: number; ci95: number };
  source: "harness" | "estimated";
}
const expected = JSON.parse(expectedText) as {
  limit1: ExpectedCase;
  full: ExpectedCase;
  fullWithStderrs: ExpectedCase & { patch: Record<string, number> };
  seeded: Record<string, ExpectedCase>;
};

const resultsOf = (text: string) => (parseHarnessJson(text) as HarnessResults).results;

/** Every figure of a row's intervals against the independent computation, to 1e-9. */
function expectMatches(errors: RowErrors, want: ExpectedCase) {
  for (const key of BENCHMARK_KEYS) {
    const got = errors.benchmarks[key];
    const w = want.benchmarks[key];
    expect(got, key).not.toBeNull();
    expect(ci95(got!.se), `${key} ci95`).toBeCloseTo(w.ci95, 9);
    expect(ci95(got!.seRaw), `${key} raw ci95`).toBeCloseTo(w.ci95Raw, 9);
    expect(got!.se, `${key} se`).toBeCloseTo(w.se, 9);
    expect(got!.estimated, `${key} estimated`).toBe(w.estimated);
  }
  expect(ci95(averageError(errors.benchmarks)!)).toBeCloseTo(want.average.ci95, 9);
  expect(ci95(averageError(errors.benchmarks, BENCHMARK_KEYS, "raw")!)).toBeCloseTo(want.average.ci95Raw, 9);
  expect(ci95(averageError(errors.benchmarks, want.subset.keys)!)).toBeCloseTo(want.subset.ci95, 9);
  expect(errors.source).toBe(want.source);
}

describe("item counts", () => {
  it("are the harness's own sample counts for every task of a real leaderboard run", () => {
    const nSamples = (JSON.parse(limitRunText) as { "n-samples": Record<string, { original: number }> })["n-samples"];
    expect(Object.keys(nSamples)).toHaveLength(39);
    for (const [task, { original }] of Object.entries(nSamples)) expect(ITEM_COUNTS[task], task).toBe(original);
  });

  it("give IFEval's instruction-level accuracy its 834 instructions and each group the sum of its subtasks", () => {
    expect(itemCount("leaderboard_ifeval", "prompt_level_strict_acc,none")).toBe(541);
    expect(itemCount("leaderboard_ifeval", "inst_level_strict_acc,none")).toBe(834);
    expect(ITEM_COUNTS.leaderboard_bbh).toBe(5761);
    expect(ITEM_COUNTS.leaderboard_math_hard).toBe(1324);
    expect(ITEM_COUNTS.leaderboard_gpqa).toBe(1192);
    expect(ITEM_COUNTS.leaderboard_musr).toBe(756);
    for (const group of ["leaderboard_bbh", "leaderboard_musr", "leaderboard_gpqa", "leaderboard_math_hard"]) {
      const prefix = group.replace(/_hard$/, "");
      const members = Object.keys(ITEM_COUNTS).filter(
        (t) => t !== group && t.startsWith(`${prefix}_`) && !t.includes(":"),
      );
      expect(
        members.reduce((sum, t) => sum + ITEM_COUNTS[t]!, 0),
        group,
      ).toBe(ITEM_COUNTS[group]);
    }
  });

  it("live in the registry: every benchmark's task counts, its own task's equal to its items, none twice", () => {
    const seen = new Set<string>();
    for (const b of BENCHMARKS) {
      for (const [task, n] of Object.entries(b.itemCounts)) {
        expect(seen.has(task), task).toBe(false);
        seen.add(task);
        expect(ITEM_COUNTS[task], task).toBe(n);
      }
    }
    expect(Object.keys(ITEM_COUNTS).sort()).toEqual([...seen].sort());
    expect(
      BENCHMARKS.map(
        (b) => b.itemCounts[b.aggregation.kind === "subtask-mean" ? `leaderboard_${b.key}` : b.aggregation.task],
      ),
    ).toEqual(BENCHMARKS.map((b) => b.items));
  });

  it("agree with the registry's item count of every benchmark and cover every task it reads", () => {
    const groupOf: Record<BenchmarkKey, string> = {
      ifeval: "leaderboard_ifeval",
      bbh: "leaderboard_bbh",
      math: "leaderboard_math_hard",
      gpqa: "leaderboard_gpqa",
      musr: "leaderboard_musr",
      mmlu_pro: "leaderboard_mmlu_pro",
    };
    for (const b of BENCHMARKS) {
      expect(ITEM_COUNTS[groupOf[b.key]], b.key).toBe(b.items);
      const a = b.aggregation;
      const inputs =
        a.kind === "subtask-mean"
          ? a.subtasks.map((s) => [s.task, a.metric] as const)
          : a.kind === "single"
            ? [[a.task, a.metric] as const]
            : a.metrics.map((m) => [a.task, m] as const);
      for (const [task, metric] of inputs) expect(() => itemCount(task, metric)).not.toThrow();
    }
    expect(() => itemCount("leaderboard_arc", "acc,none")).toThrow(/no item count/);
  });
});

describe("standard errors of a pushed run", () => {
  it("reproduce every ci95 of the real --limit 1 run (all stderrs N/A, so all estimated) to 1e-9", () => {
    const errors = runErrors(resultsOf(limitRunText));
    expectMatches(errors, expected.limit1);
    // A subtask at 0 or 1 has no spread: the estimate is 0, not a missing value.
    expect(errors.benchmarks.mmlu_pro).toEqual({ se: 0, seRaw: 0, estimated: true });
  });

  it("reproduce every ci95 of a full run with harness stderrs, an N/A, a NaN and an absent one, to 1e-9", () => {
    const errors = runErrors(resultsOf(fullRunText));
    expectMatches(errors, expected.full);
    expect(errors.benchmarks.mmlu_pro!.estimated).toBe(false);
    expect(errors.benchmarks.math!.estimated).toBe(false);
    expect(errors.source).toBe("estimated");
  });

  it("reads the full-run fixture the way ingestion does: a valid, ranked harness file", () => {
    const parsed = parseEvaluatorEvent({
      type: "evaluation.completed",
      timestamp: "2025-06-01T12:00:00Z",
      data: { lm_eval: parseHarnessJson(fullRunText) },
    });
    expect(parsed.ok).toBe(true);
    const result = interpretCompleted((parsed as { event: CompletedEvent }).event.data);
    expect(result.ok && result.evaluation.status).toBe("ranked");
  });

  it("calls a run `harness` when only IFEval's instruction-level stderr, which the harness never writes, is estimated", () => {
    const results: HarnessResults["results"] = structuredClone(resultsOf(fullRunText));
    for (const [task, s] of Object.entries(expected.fullWithStderrs.patch)) results[task]!["acc_norm_stderr,none"] = s;
    expect(results.leaderboard_ifeval!["inst_level_strict_acc_stderr,none"]).toBe("N/A");
    const errors = runErrors(results);
    expectMatches(errors, expected.fullWithStderrs);
    expect(errors.source).toBe("harness");
    // Per benchmark the flag stays strict: half of IFEval's SE is the estimate.
    expect(errors.benchmarks.ifeval!.estimated).toBe(true);
    expect(BENCHMARK_KEYS.filter((k) => errors.benchmarks[k]!.estimated)).toEqual(["ifeval"]);
    // Any other stderr estimated makes the run `estimated` again.
    results.leaderboard_mmlu_pro!["acc_stderr,none"] = "N/A";
    expect(runErrors(results).source).toBe("estimated");
  });

  it("uses the harness's stderr as written, so a run whose file has them all is `harness`", () => {
    const results = resultsOf(fullRunText);
    const patched: HarnessResults["results"] = structuredClone(results);
    patched.leaderboard_ifeval!["inst_level_strict_acc_stderr,none"] = 0.0125;
    patched.leaderboard_bbh_snarks!["acc_norm_stderr,none"] = 0.037;
    patched.leaderboard_musr_team_allocation!["acc_norm_stderr,none"] = 0.0307;
    patched.leaderboard_gpqa!["acc_norm_stderr,none"] = 0.0131;
    const errors = runErrors(patched);
    expect(errors.source).toBe("harness");
    expect(errors.benchmarks.gpqa!.se).toBeCloseTo((100 * 0.0131) / 0.75, 12);
    const prompt = results.leaderboard_ifeval!["prompt_level_strict_acc_stderr,none"] as number;
    expect(errors.benchmarks.ifeval!.seRaw).toBeCloseTo((prompt + 0.0125) / 2, 12);
  });

  it("estimates a negative or infinite stderr as if it were missing", () => {
    const results: HarnessResults["results"] = structuredClone(resultsOf(fullRunText));
    results.leaderboard_mmlu_pro!["acc_stderr,none"] = -0.01;
    results.leaderboard_math_hard!["exact_match_stderr,none"] = Number.POSITIVE_INFINITY;
    const errors = runErrors(results);
    // Hand computation: sqrt(p(1-p)/(n-1)) with the run's values 5158/12032 and 662/1324.
    expect(errors.benchmarks.mmlu_pro!.seRaw).toBeCloseTo(Math.sqrt(((5158 / 12032) * (6874 / 12032)) / 12031), 15);
    expect(errors.benchmarks.math!.se).toBeCloseTo(100 * Math.sqrt(0.25 / 1323), 12);
    expect(errors.benchmarks.math!.estimated).toBe(true);
  });

  it("keeps the SE of the unclamped transform below the baseline, where the displayed score is 0", () => {
    const results: HarnessResults["results"] = structuredClone(resultsOf(fullRunText));
    results.leaderboard_gpqa = { "acc_norm,none": 0.2, "acc_norm_stderr,none": "N/A", alias: " - leaderboard_gpqa" };
    // 100·sqrt(0.2·0.8/1191)/0.75, by hand (Python): 1.5454069007993192.
    expect(runErrors(results).benchmarks.gpqa!.se).toBeCloseTo(1.5454069007993192, 12);
  });

  it("gives a missing or impossible benchmark no SE, and no average over it", () => {
    const results: HarnessResults["results"] = structuredClone(resultsOf(fullRunText));
    delete results.leaderboard_musr_object_placements;
    results.leaderboard_mmlu_pro!["acc,none"] = 1.2;
    const errors = runErrors(results);
    expect(errors.benchmarks.musr).toBeNull();
    expect(errors.benchmarks.mmlu_pro).toBeNull();
    expect(averageError(errors.benchmarks)).toBeNull();
    expect(averageError(errors.benchmarks, ["ifeval", "bbh", "gpqa"])).toBeCloseTo(expected.full.subset.se, 9);
    expect(averageError(errors.benchmarks, [])).toBeNull();
  });
});

describe("standard errors of a seeded row", () => {
  const rows = demoData().evaluations;
  for (const [seedId, want] of Object.entries(expected.seeded)) {
    it(`estimates ${seedId.split("_")[0]} from its raw values and item counts to 1e-9`, () => {
      const row = rows.find((r) => r.seedId === seedId);
      expect(row).toBeDefined();
      const errors = seededErrors(row!.scores);
      expectMatches(errors, want);
      expect(BENCHMARK_KEYS.every((k) => errors.benchmarks[k]!.estimated)).toBe(true);
    });
  }

  it("puts every row's 95% interval of the average at about ±1–1.5 points", () => {
    const halfWidths = rows.map((r) => ci95(averageError(seededErrors(r.scores).benchmarks)!)).sort((a, b) => a - b);
    // expected.py's seeded_case over the whole CSV: from 1.1137274514989348 to 1.4311383580954826.
    expect(halfWidths[0]).toBeCloseTo(1.1137274514989348, 9);
    expect(halfWidths[halfWidths.length - 1]).toBeCloseTo(1.4311383580954826, 9);
  });

  it("has no SE for a benchmark whose raw value is missing", () => {
    const row = rows[0]!;
    const errors = seededErrors({ ...row.scores, bbh: null });
    expect(errors.benchmarks.bbh).toBeNull();
    expect(errors.benchmarks.ifeval).not.toBeNull();
    expect(errors.source).toBe("estimated");
  });
});

describe("the binomial estimate and the half-width", () => {
  it("are sqrt(p(1−p)/(n−1)) and 1.96·SE", () => {
    expect(binomialSe(0.5, 101)).toBe(0.05);
    expect(binomialSe(0, 250)).toBe(0);
    expect(ci95(1)).toBe(1.96);
    expect(ci95(0.5)).toBe(0.98);
  });
});
