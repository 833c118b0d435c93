import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { evaluations } from "../../../worker/store/schema";
import { bumpVersions } from "../../../worker/store/version";
import { seedDemo } from "../../support/demo";
import { published } from "../../support/publish";

const modelId = "meta-llama/Meta-Llama-3-8B-Instruct";

beforeAll(async () => {
  const db = await seedDemo();
  const common = {
    modelId,
    revision: "0000000000000000000000000000000000000001",
    precision: "bfloat16" as const,
    weightType: "Original" as const,
    chatTemplate: true,
    ifeval_raw: 0.7,
    ifeval: 70,
    bbh_raw: 0.5,
    bbh: 30,
    math_raw: 0.1,
    math: 10,
    gpqa_raw: 0.3,
    gpqa: 6.6,
    musr_raw: 0.4,
    musr: 8,
    mmlu_pro_raw: 0.35,
    mmlu_pro: 27.7,
    average: 25.38,
    co2Kg: 1.5,
    source: "evaluator" as const,
    submissionDate: "2026-11-01",
  };
  await db.batch([
    db.insert(evaluations).values({
      ...common,
      id: "ev-superseded",
      status: "superseded",
      subtasks: { leaderboard_ifeval: { metric: "prompt_level_strict_acc,none", value: 0.7, stderr: 0.02 } },
      provenance: { harnessVersion: "0.4.8", harnessGitHash: "abc1234", hardware: { gpu: "H100", count: 8 } },
      createdAt: 1_000,
    }),
    db.insert(evaluations).values({
      ...common,
      id: "ev-partial",
      status: "partial",
      average: null,
      subtasks: {},
      provenance: { limit: 1, partialReasons: ["run with --limit 1"] },
      createdAt: 2_000,
    }),
    bumpVersions(db, ["board"]),
  ]);
  await published();
});

describe("GET /api/v1/models/{org}/{name}", () => {
  describe("happy", () => {
    it("answers the model, every evaluation of any status, and the current rank of each ranked one", async () => {
      const res = await SELF.fetch(`https://podium.test/api/v1/models/${modelId}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("etag")).toBeTruthy();
      expect(res.headers.get("access-control-allow-origin")).toBe("*");
      const body = (await res.json()) as any;
      expect(body.model.id).toBe(modelId);
      expect(body.model.hub_url).toBe(`https://huggingface.co/${modelId}`);
      expect(body.board_size).toBe(4576);
      expect(body.evaluations.map((e: any) => e.status).sort()).toEqual(["partial", "ranked", "ranked", "superseded"]);

      const superseded = body.evaluations.find((e: any) => e.id === "ev-superseded");
      expect(superseded.rank).toBeNull();
      expect(superseded.subtasks).toEqual({
        leaderboard_ifeval: { metric: "prompt_level_strict_acc,none", value: 0.7, stderr: 0.02 },
      });
      expect(superseded.provenance).toEqual({
        harnessVersion: "0.4.8",
        harnessGitHash: "abc1234",
        hardware: { gpu: "H100", count: 8 },
      });
      // Stored without standard errors (as rows before intervals were): no interval, said so.
      expect(superseded.scores.mmlu_pro).toEqual({ raw: 0.35, normalized: 27.7, ci95: null, ci_source: null });
      expect(superseded.created_at).toBe("1970-01-01T00:00:01.000Z");
      const partial = body.evaluations.find((e: any) => e.id === "ev-partial");
      expect(partial.provenance.partialReasons).toEqual(["run with --limit 1"]);

      expect(body.ranks).toHaveLength(2);
      const board = (await (await SELF.fetch("https://podium.test/api/v1/leaderboard.json")).json()) as any;
      for (const r of body.ranks) {
        const entry = board.data.find((e: any) => e.evaluation_id === r.evaluation_id);
        expect(entry.rank, r.evaluation_id).toBe(r.rank);
        expect(entry.precision).toBe(r.precision);
      }
    });

    it("answers legacy ids without a namespace", async () => {
      const res = await SELF.fetch("https://podium.test/api/v1/models/gpt2");
      expect(res.status).toBe(200);
      const body = (await res.json()) as any;
      expect(body.model.id).toBe("gpt2");
      expect(body.evaluations.map((e: any) => e.precision).sort()).toEqual(["bfloat16", "float16"]);
      expect(body.ranks.every((r: any) => r.rank > 4000)).toBe(true);
    });
  });

  describe("errors", () => {
    it("answers a 404 envelope for an unknown model", async () => {
      const res = await SELF.fetch("https://podium.test/api/v1/models/nobody/nothing");
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: { code: "not_found", message: "No model nobody/nothing" } });
    });

    it("answers a 404 envelope for an unknown legacy id", async () => {
      const res = await SELF.fetch("https://podium.test/api/v1/models/gpt3");
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: { code: "not_found", message: "No model gpt3" } });
    });
  });
});
