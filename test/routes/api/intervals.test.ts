/**
 * Intervals and rank ranges through the API: `ci95`, `average_ci95` and `ci_source` against expected.py's values
 * (computed from statistics.md without Podium's code), `rank_range` against statistics.md's rule applied pair by
 * pair over the answered rows, O(N²).
 */
import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import expectedText from "../../fixtures/statistics/expected.json?raw";
import fullRunText from "../../fixtures/lm-eval/qwen2.5-7b-instruct-leaderboard-full.json?raw";
import { BENCHMARK_KEYS } from "../../../worker/domain/benchmarks";
import { seedDemo } from "../../support/demo";
import { newEvaluator, postSigned } from "../../support/evaluators";

interface Expected {
  benchmarks: Record<string, { ci95: number; ci95Raw: number; estimated: boolean } | null>;
  average: { ci95: number };
  source: string;
}
const expected = JSON.parse(expectedText) as {
  full: Expected;
  seeded: Record<string, Expected>;
};

const BASE = "https://podium.test";
const [YI_SEED, YI_CHAT_SEED] = Object.keys(expected.seeded) as [string, string];
// Seeded evaluations are stored under `seed:` and the old data's row id.
const YI = `seed:${YI_SEED}`;
const YI_CHAT = `seed:${YI_CHAT_SEED}`;

async function get(path: string) {
  const res = await SELF.fetch(`${BASE}${path}`);
  expect(res.status, path).toBe(200);
  return (await res.json()) as any;
}

function expectIntervals(entry: any, want: Expected, scale: "normalized" | "raw") {
  for (const key of BENCHMARK_KEYS) {
    const w = want.benchmarks[key]!;
    expect(Math.abs(entry.scores[key].ci95 - (scale === "raw" ? w.ci95Raw : w.ci95)), key).toBeLessThan(1e-9);
    expect(entry.scores[key].ci_source, key).toBe(w.estimated ? "estimated" : "harness");
  }
  expect(Math.abs(entry.average_ci95 - want.average.ci95)).toBeLessThan(1e-9);
  expect(entry.ci_source).toBe(want.source);
}

/** statistics.md's rank range of every entry within `set`, from the answered averages and half-widths. */
function referenceRanges(set: any[], averageOf: (e: any) => number): Map<string, [number, number]> {
  const means = set.map(averageOf);
  const ses = set.map((e) => e.average_ci95 / 1.96);
  const out = new Map<string, [number, number]>();
  for (let i = 0; i < set.length; i++) {
    let above = 0;
    let below = 0;
    for (let j = 0; j < set.length; j++) {
      const margin = 1.96 * Math.sqrt(ses[i]! ** 2 + ses[j]! ** 2);
      if (means[j]! - means[i]! > margin) above++;
      if (means[i]! - means[j]! > margin) below++;
    }
    out.set(set[i].evaluation_id, [1 + above, set.length - below]);
  }
  return out;
}

beforeAll(async () => {
  await seedDemo();
});

describe("intervals in the API", () => {
  it("a seeded row's estimated ci95 match expected.py in normalized points and, with scores=raw, raw 0–1", async () => {
    for (const [scale, query] of [
      ["normalized", ""],
      ["raw", "&scores=raw"],
    ] as const) {
      const body = await get(`/api/v1/leaderboard.json?search=${encodeURIComponent("01-ai/Yi-1.5-34B")}${query}`);
      for (const [id, seedId] of [
        [YI, YI_SEED],
        [YI_CHAT, YI_CHAT_SEED],
      ]) {
        const entry = body.data.find((e: any) => e.evaluation_id === id);
        expectIntervals(entry, expected.seeded[seedId!]!, scale);
      }
    }
    const model = await get("/api/v1/models/01-ai/Yi-1.5-34B");
    const evaluation = model.evaluations.find((e: any) => e.id === YI);
    expectIntervals(evaluation, expected.seeded[YI_SEED]!, "normalized");
  });

  it("the CSV export carries the same intervals and ranges, normalized and raw", async () => {
    const res = await SELF.fetch(`${BASE}/api/v1/leaderboard.csv?search=${encodeURIComponent("01-ai/Yi-1.5-34B")}`);
    expect(res.status).toBe(200);
    const [header, ...lines] = (await res.text()).trim().split("\r\n");
    const columns = header!.split(",");
    const line = lines.map((l) => l.split(",")).find((cells) => cells[columns.indexOf("evaluation_id")] === YI)!;
    const cell = (name: string) => line[columns.indexOf(name)]!;
    const want = expected.seeded[YI_SEED]!;
    expect(Math.abs(Number(cell("average_ci95")) - want.average.ci95)).toBeLessThan(1e-9);
    for (const key of BENCHMARK_KEYS) {
      expect(Math.abs(Number(cell(`${key}_ci95`)) - want.benchmarks[key]!.ci95), key).toBeLessThan(1e-9);
      expect(Math.abs(Number(cell(`${key}_raw_ci95`)) - want.benchmarks[key]!.ci95Raw), key).toBeLessThan(1e-9);
    }
    expect(cell("ci_source")).toBe("estimated");
    const entry = (await get(`/api/v1/leaderboard.json?search=${encodeURIComponent("01-ai/Yi-1.5-34B")}`)).data.find(
      (e: any) => e.evaluation_id === YI,
    );
    expect([Number(cell("rank_best")), Number(cell("rank_worst"))]).toEqual(entry.rank_range);
  });

  it("a pushed real run's ci95 (harness stderrs, an N/A, a NaN, an absent one) match expected.py", async () => {
    // Trusted, so that the run ranks at once: this test is about its intervals, verification has its own.
    const ev = await newEvaluator({ trust: "trusted" });
    const res = await postSigned(
      ev.id,
      ev.secret!,
      `{"type":"evaluation.completed","timestamp":"2026-11-29T12:00:00Z","data":{"lm_eval":${fullRunText}}}`,
    );
    expect(res.status).toBe(201);
    const { evaluation_id: id, status } = (await res.json()) as any;
    expect(status).toBe("ranked");
    const model = await get("/api/v1/models/Qwen/Qwen2.5-7B-Instruct");
    expectIntervals(
      model.evaluations.find((e: any) => e.id === id),
      expected.full,
      "normalized",
    );
    const board = await get("/api/v1/leaderboard.json");
    const entry = board.data.find((e: any) => e.evaluation_id === id);
    expectIntervals(entry, expected.full, "normalized");
    expect(model.evaluations.find((e: any) => e.id === id).rank_range).toEqual(entry.rank_range);
  });

  it("every rank_range of the whole board equals the O(N²) rule, on the front page and in the export", async () => {
    const board = (await get("/api/v1/leaderboard.json")).data as any[];
    expect(board.length).toBeGreaterThan(4000);
    const want = referenceRanges(board, (e) => e.average);
    for (const e of board) expect(e.rank_range, e.evaluation_id).toEqual(want.get(e.evaluation_id));
    // Real ties: the top row is not alone, and a mid-board row shares its place with hundreds.
    const [best, worst] = board[0].rank_range;
    expect(best).toBe(1);
    expect(worst).toBeGreaterThan(1);
    const middle = board[2000].rank_range;
    expect(middle[1] - middle[0]).toBeGreaterThan(200);
    const front = (await get("/api/v1/leaderboard?limit=20")).data as any[];
    for (const e of front) expect(e.rank_range).toEqual(want.get(e.evaluation_id));
  }, 60_000);

  it("a dynamic view with the visible average ranks within the view, a pinned row outside it as a guest", async () => {
    const whole = (await get("/api/v1/leaderboard.json?average=visible&benchmarks=ifeval,math")).data as any[];
    const outsider = whole.find((e) => e.model.type !== "pretrained")!;
    const query = `types=pretrained&rank=dynamic&average=visible&benchmarks=ifeval,math&pinned=${outsider.evaluation_id}`;
    const view = (await get(`/api/v1/leaderboard.json?${query}`)).data as any[];
    const visibleAverage = (e: any) => (e.scores.ifeval.normalized + e.scores.math.normalized) / 2;
    const members = view.filter((e) => e.model.type === "pretrained");
    expect(members.length).toBeGreaterThan(100);
    const want = referenceRanges(members, visibleAverage);
    for (const e of members) expect(e.rank_range, e.evaluation_id).toEqual(want.get(e.evaluation_id));
    const guest = view.find((e) => e.evaluation_id === outsider.evaluation_id);
    expect(guest.pinned).toBe(true);
    const withGuest = referenceRanges([...members, guest], visibleAverage);
    expect(guest.rank_range).toEqual(withGuest.get(guest.evaluation_id));
    // The visible average's interval covers only the two benchmarks: its half-width is theirs combined.
    const two = Math.hypot(guest.scores.ifeval.ci95, guest.scores.math.ci95) / 2;
    expect(Math.abs(guest.average_ci95 - two)).toBeLessThan(1e-9);
  }, 60_000);
});
