import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";

describe("GET /api/v1/benchmarks", () => {
  describe("happy", () => {
    it("answers the registry: tasks, metrics, baselines and how each score is normalized", async () => {
      const res = await SELF.fetch("https://podium.test/api/v1/benchmarks");
      expect(res.status).toBe(200);
      expect(res.headers.get("access-control-allow-origin")).toBe("*");
      expect(res.headers.get("cache-control")).toBe("public, max-age=3600, must-revalidate");
      expect(res.headers.get("etag")).toBeTruthy();
      const body = (await res.json()) as any;
      expect(body.formula).toBe("normalize(v, baseline) = max(v − baseline, 0) / (1 − baseline) × 100");
      expect(body.data.map((b: any) => b.key)).toEqual(["ifeval", "bbh", "math", "gpqa", "musr", "mmlu_pro"]);
      const byKey = Object.fromEntries(body.data.map((b: any) => [b.key, b]));
      expect(byKey.gpqa.tasks).toEqual([
        { task: "leaderboard_gpqa", metric: "acc_norm,none", baseline: 0.25, items: 1192 },
      ]);
      // statistics.md's item counts: IFEval's 541 prompts and 834 instructions, BBH's snarks 178 of 24 subtasks.
      expect(byKey.ifeval.tasks.map((t: any) => t.items)).toEqual([541, 834]);
      expect(byKey.bbh.tasks.find((t: any) => t.task === "leaderboard_bbh_snarks").items).toBe(178);
      expect(byKey.bbh.tasks.reduce((sum: number, t: any) => sum + t.items, 0)).toBe(5761);
      expect(byKey.gpqa.normalization).toBe("normalize(acc_norm,none of leaderboard_gpqa, 0.25)");
      expect(byKey.bbh.tasks).toHaveLength(24);
      expect(byKey.bbh.tasks.find((t: any) => t.task === "leaderboard_bbh_object_counting").baseline).toBeCloseTo(
        1 / 19,
      );
      expect(byKey.bbh.aggregation).toBe("subtask-mean");
      expect(byKey.musr.tasks.map((t: any) => t.baseline)).toEqual([0.5, 0.2, 1 / 3]);
      expect(byKey.ifeval.tasks.map((t: any) => t.metric)).toEqual([
        "prompt_level_strict_acc,none",
        "inst_level_strict_acc,none",
      ]);
      expect(byKey.math).toMatchObject({ title: "MATH Lvl 5", shots: 4, items: 1324 });
      expect(byKey.mmlu_pro.tasks[0].baseline).toBe(0.1);
    });
  });
});
