/**
 * GET /api/v1/compare: verdicts against expected.py's hand computation for two seeded rows of the final data (a
 * pair ahead on IFEval and MATH, behind on MMLU-PRO, tied on BBH, GPQA and MuSR), and its refusals.
 */
import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import expectedText from "../../fixtures/statistics/expected.json?raw";
import { BENCHMARK_KEYS } from "../../../worker/domain/benchmarks";
import { seedDemo } from "../../support/demo";

const expected = JSON.parse(expectedText).compare as {
  a: string;
  b: string;
  results: Record<string, { difference: number; ci95: number; verdict: string }>;
};

const BASE = "https://podium.test/api/v1/compare";
const A = "01-ai/Yi-1.5-34B-Chat@bfloat16";
const B = "01-ai/Yi-1.5-34B@bfloat16";

async function compare(models: string) {
  const res = await SELF.fetch(`${BASE}?models=${encodeURIComponent(models)}`);
  return { status: res.status, body: (await res.json()) as any };
}

beforeAll(async () => {
  await seedDemo();
});

describe("GET /api/v1/compare", () => {
  it("answers both ranked entries and every benchmark and the average with expected.py's figures", async () => {
    const { status, body } = await compare(`${A},${B}`);
    expect(status).toBe(200);
    expect(body.data.map((e: any) => e.evaluation_id)).toEqual([`seed:${expected.a}`, `seed:${expected.b}`]);
    expect(body.data[0].rank_range[0]).toBeLessThanOrEqual(body.data[0].rank);
    expect(body.comparisons.map((p: any) => p.benchmark)).toEqual([...BENCHMARK_KEYS, "average"]);
    for (const pair of body.comparisons) {
      const want = expected.results[pair.benchmark]!;
      expect(pair.a).toBe(A);
      expect(pair.b).toBe(B);
      expect(Math.abs(pair.difference - want.difference), pair.benchmark).toBeLessThan(1e-9);
      expect(Math.abs(pair.ci95 - want.ci95), pair.benchmark).toBeLessThan(1e-9);
      expect(pair.verdict, pair.benchmark).toBe(want.verdict);
    }
    // The hand computation's verdicts, spelled out: ahead on two, behind on one, tied on three.
    const verdicts = Object.fromEntries(body.comparisons.map((p: any) => [p.benchmark, p.verdict]));
    expect(verdicts).toEqual({
      ifeval: "a_ahead",
      bbh: "tied",
      math: "a_ahead",
      gpqa: "tied",
      musr: "tied",
      mmlu_pro: "b_ahead",
      average: "a_ahead",
    });
  });

  it("swapping the pair negates every difference and swaps the verdicts", async () => {
    const { body } = await compare(`${B},${A}`);
    for (const pair of body.comparisons) {
      const want = expected.results[pair.benchmark]!;
      expect(Math.abs(pair.difference + want.difference)).toBeLessThan(1e-9);
      expect(pair.verdict).toBe({ a_ahead: "b_ahead", b_ahead: "a_ahead", tied: "tied" }[want.verdict]);
    }
  });

  it("compares every pair of three models, a model named without its precision by its best ranked row", async () => {
    const { status, body } = await compare(`${A},01-ai/Yi-1.5-34B,meta-llama/Meta-Llama-3-8B-Instruct`);
    expect(status).toBe(200);
    expect(body.data).toHaveLength(3);
    const pairs = [...new Set(body.comparisons.map((p: any) => `${p.a}|${p.b}`))];
    expect(pairs).toHaveLength(3);
    expect(body.comparisons).toHaveLength(3 * 7);
  });

  it.each([
    ["one model", A, 400],
    ["seven models", Array.from({ length: 7 }, (_, i) => `org/model-${i}`).join(","), 400],
    ["an unknown precision", `${A},01-ai/Yi-1.5-34B@fp8`, 400],
    ["a model never evaluated", `${A},nobody/nothing`, 404],
    ["a precision the model has no ranked evaluation in", `${A},01-ai/Yi-1.5-34B@4bit`, 404],
  ])("refuses %s with the error envelope", async (_, models, want) => {
    const { status, body } = await compare(models);
    expect(status).toBe(want);
    expect(body.error.code).toBe(want === 400 ? "invalid_parameter" : "not_found");
    expect(body.error.message).toMatch(
      want === 400 ? /^Invalid parameter at models: / : /No model|no ranked evaluation/,
    );
  });
});
