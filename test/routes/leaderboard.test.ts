import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../support/demo";

beforeAll(async () => {
  await seedDemo();
});

describe("GET /api/v1/leaderboard", () => {
  describe("happy", () => {
    it("answers the top rows by average with rank, model, scores and the total", async () => {
      const res = await SELF.fetch("https://podium.test/api/v1/leaderboard?limit=5");
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/application\/json/);
      const body = (await res.json()) as { data: any[]; total: number };
      expect(body.total).toBe(4576);
      expect(body.data).toHaveLength(5);
      const first = body.data[0];
      expect(first.rank).toBe(1);
      expect(first.model.id).toBe("MaziyarPanahi/calme-3.2-instruct-78b");
      expect(first.model.hub_url).toBe("https://huggingface.co/MaziyarPanahi/calme-3.2-instruct-78b");
      expect(first.average.toFixed(2)).toBe("52.08");
      expect(first.precision).toBe("bfloat16");
      expect(Object.keys(first.scores)).toEqual(["ifeval", "bbh", "math", "gpqa", "musr", "mmlu_pro"]);
      expect(first.scores.ifeval.normalized).toBeCloseTo(80.6260721552148, 10);
      expect(first.scores.ifeval.raw).toBeCloseTo(0.806260721552148, 12);
      const averages = body.data.map((e) => e.average);
      expect(averages).toEqual([...averages].sort((a, b) => b - a));
      expect(body.data.map((e) => e.rank)).toEqual([1, 2, 3, 4, 5]);
    });

    it("pages with offset and keeps the ranks of the whole board", async () => {
      const res = await SELF.fetch("https://podium.test/api/v1/leaderboard?limit=3&offset=100");
      const body = (await res.json()) as { data: any[] };
      expect(body.data.map((e) => e.rank)).toEqual([101, 102, 103]);
    });

    it("defaults to 100 rows", async () => {
      const body = (await (await SELF.fetch("https://podium.test/api/v1/leaderboard")).json()) as { data: any[] };
      expect(body.data).toHaveLength(100);
    });
  });

  describe("errors", () => {
    it.each([
      ["limit=0", "limit"],
      ["limit=501", "limit"],
      ["limit=ten", "limit"],
      ["offset=-1", "offset"],
    ])("refuses %s with a 400 naming the parameter", async (query, name) => {
      const res = await SELF.fetch(`https://podium.test/api/v1/leaderboard?${query}`);
      expect(res.status).toBe(400);
      const body = (await res.json()) as any;
      expect(body.error.code).toBe("invalid_parameter");
      expect(body.error.message).toContain(name);
      expect(body.error.details[0].path).toBe(name);
    });
  });
});

describe("GET /healthz", () => {
  it("answers 200", async () => {
    const res = await SELF.fetch("https://podium.test/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });
});

describe("unknown routes", () => {
  it("answer a JSON 404 envelope", async () => {
    const res = await SELF.fetch("https://podium.test/no/such/thing");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: "not_found", message: "No such route" } });
  });
});
