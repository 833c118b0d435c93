import { describe, expect, it } from "vitest";
import { BENCHMARK_KEYS } from "../../worker/domain/benchmarks";
import { mean } from "../../worker/domain/normalize";
import { parseLeaderboardCsv } from "../../worker/domain/seed";
import { demoData } from "../support/demo";

describe("parseLeaderboardCsv on the final leaderboard data", () => {
  const data = demoData();

  it("reads every one of the 4,576 evaluations", () => {
    expect(data.evaluations).toHaveLength(4576);
    expect(new Set(data.evaluations.map((e) => e.seedId)).size).toBe(4576);
  });

  it("keeps one model per Hub id", () => {
    expect(data.models.length).toBe(new Set(data.evaluations.map((e) => e.modelId)).size);
  });

  it("finds the old board's leader with its average of 52.08", () => {
    const best = [...data.evaluations].sort((a, b) => b.average - a.average)[0];
    expect(best?.modelId).toBe("MaziyarPanahi/calme-3.2-instruct-78b");
    expect(best?.average.toFixed(2)).toBe("52.08");
  });

  it("has an average that is the mean of the six normalized scores on every row", () => {
    for (const e of data.evaluations) {
      expect(mean(BENCHMARK_KEYS.map((k) => e.scores[k].normalized))).toBeCloseTo(e.average, 6);
    }
  });

  it("maps the dump's compacted type names to ours", () => {
    const types = new Set(data.evaluations.map((e) => e.type));
    expect([...types].sort()).toEqual(
      ["chat", "continuously-pretrained", "fine-tuned", "merge", "multimodal", "other", "pretrained"].sort(),
    );
  });
});

describe("parseLeaderboardCsv on bad input", () => {
  const header =
    "id,model_name,model_sha,model_precision,model_type,model_weight_type,model_average_score," +
    "evaluations_ifeval_value,evaluations_ifeval_normalized_score";

  it("names the row of an unknown precision", () => {
    expect(() => parseLeaderboardCsv(`${header}\nx,org/m,abc,int3,pretrained,Original,1,0.5,50\n`)).toThrow(
      /row 2: unknown precision "int3"/,
    );
  });

  it("names the row of a missing benchmark score", () => {
    expect(() => parseLeaderboardCsv(`${header}\nx,org/m,abc,float16,pretrained,Original,1,0.5,50\n`)).toThrow(
      /row 2: missing bbh score/,
    );
  });
});
