import { describe, expect, it } from "vitest";
import expectedText from "../fixtures/statistics/expected.json?raw";
import { benchmark, BENCHMARK_KEYS, type BenchmarkKey } from "../../worker/domain/benchmarks";
import { averageError, seededErrors } from "../../worker/domain/statistics";
import { compare, describeComparison, type Comparison, type Verdict } from "../../worker/domain/statistics-compare";
import { demoData } from "../support/demo";

/** expected.py's comparison of two seeded rows, computed from statistics.md without Podium's code. */
const expected = JSON.parse(expectedText) as {
  compare: {
    a: string;
    b: string;
    results: Record<BenchmarkKey | "average", { difference: number; ci95: number; verdict: Verdict }>;
  };
};

/** A comparison with the given verdict and margin |d|/SE_d, for the sentence tests. */
function made(verdict: Verdict, margin = 3): Comparison {
  const difference = verdict === "tied" ? 0.5 : verdict === "a_ahead" ? margin : -margin;
  return { difference, se: 1, ci95: 1.96, verdict };
}

describe("compare", () => {
  it("matches the hand computation for a real pair ahead on IFEval and MATH, behind on MMLU-PRO, tied elsewhere", () => {
    const rows = demoData().evaluations;
    const a = rows.find((r) => r.seedId === expected.compare.a)!;
    const b = rows.find((r) => r.seedId === expected.compare.b)!;
    const [ea, eb] = [seededErrors(a.scores).benchmarks, seededErrors(b.scores).benchmarks];
    for (const key of BENCHMARK_KEYS) {
      const got = compare(
        { value: a.scores[key].normalized, se: ea[key]!.se },
        { value: b.scores[key].normalized, se: eb[key]!.se },
      );
      const want = expected.compare.results[key];
      expect(got.difference, key).toBeCloseTo(want.difference, 9);
      expect(got.ci95, key).toBeCloseTo(want.ci95, 9);
      expect(got.verdict, key).toBe(want.verdict);
    }
    const average = compare({ value: a.average, se: averageError(ea)! }, { value: b.average, se: averageError(eb)! });
    expect(average.difference).toBeCloseTo(expected.compare.results.average.difference, 9);
    expect(average.ci95).toBeCloseTo(expected.compare.results.average.ci95, 9);
    expect(average.verdict).toBe("a_ahead");
    expect(BENCHMARK_KEYS.map((k) => expected.compare.results[k].verdict)).toEqual([
      "a_ahead",
      "tied",
      "a_ahead",
      "tied",
      "tied",
      "b_ahead",
    ]);
  });

  it("counts a difference only past its 95% half-width", () => {
    // SE_d = sqrt(0.6² + 0.8²) = 1, so the half-width is exactly 1.96.
    expect(compare({ value: 50, se: 0.6 }, { value: 48, se: 0.8 })).toEqual({
      difference: 2,
      se: 1,
      ci95: 1.96,
      verdict: "a_ahead",
    });
    expect(compare({ value: 48, se: 0.6 }, { value: 50, se: 0.8 }).verdict).toBe("b_ahead");
    expect(compare({ value: 49.5, se: 0.6 }, { value: 48, se: 0.8 }).verdict).toBe("tied");
    expect(compare({ value: 1.96, se: 1 }, { value: 0, se: 0 }).verdict).toBe("tied");
    expect(compare({ value: 30.01, se: 0 }, { value: 30, se: 0 }).verdict).toBe("a_ahead");
    expect(compare({ value: 30, se: 0 }, { value: 30, se: 0 }).verdict).toBe("tied");
  });
});

describe("a pair in words", () => {
  const title = (key: BenchmarkKey) => benchmark(key).title;
  const items = (verdicts: Partial<Record<BenchmarkKey, Comparison>>) =>
    BENCHMARK_KEYS.map((key) => ({ name: title(key), comparison: verdicts[key] ?? made("tied") }));

  it("says the real pair's standing, most decisive difference first", () => {
    const results = expected.compare.results;
    // Margins |d|/SE_d from expected.json: IFEval 12.5, MATH 7.8, MMLU-PRO 2.3; the rest are tied.
    const sentence = describeComparison(
      BENCHMARK_KEYS.map((key) => {
        const { difference, ci95, verdict } = results[key];
        return { name: title(key), comparison: { difference, ci95, se: ci95 / 1.96, verdict } };
      }),
    );
    expect(sentence).toBe("ahead on IFEval and MATH Lvl 5, behind on MMLU-PRO, tied on the rest");
  });

  it("reads plainly for the usual shapes", () => {
    expect(describeComparison(items({ mmlu_pro: made("a_ahead") }))).toBe("ahead on MMLU-PRO, tied on the rest");
    expect(describeComparison(items({}))).toBe("tied on every benchmark");
    expect(
      describeComparison(items({ gpqa: made("b_ahead", 5), bbh: made("b_ahead", 4), ifeval: made("a_ahead", 2.5) })),
    ).toBe("behind on GPQA and BBH, ahead on IFEval, tied on the rest");
    const all = Object.fromEntries(BENCHMARK_KEYS.map((k) => [k, made("a_ahead")]));
    expect(describeComparison(items(all))).toBe("ahead on every benchmark");
    const mixed = Object.fromEntries(BENCHMARK_KEYS.map((k, i) => [k, made(i < 2 ? "a_ahead" : "b_ahead")]));
    expect(describeComparison(items(mixed))).toBe(
      "ahead on IFEval and BBH, behind on MATH Lvl 5, GPQA, MuSR and MMLU-PRO",
    );
    expect(describeComparison([])).toBe("no benchmark in common");
  });

  it("breaks equal margins by the given order, and puts an exact gap (zero SE) first", () => {
    const exact: Comparison = { difference: -0.2, se: 0, ci95: 0, verdict: "b_ahead" };
    expect(describeComparison(items({ musr: made("a_ahead", 9), ifeval: made("a_ahead", 9), math: exact }))).toBe(
      "behind on MATH Lvl 5, ahead on IFEval and MuSR, tied on the rest",
    );
  });
});
