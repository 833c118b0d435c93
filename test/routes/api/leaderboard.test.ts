import { env, SELF } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { database } from "../../../worker/store/db";
import { models } from "../../../worker/store/schema";
import { bumpVersions } from "../../../worker/store/version";
import { seedDemo } from "../../support/demo";
import { published } from "../../support/publish";

beforeAll(async () => {
  await seedDemo();
});

const base = "https://podium.test/api/v1/leaderboard";

async function board(query: string, init?: RequestInit) {
  const res = await SELF.fetch(`${base}?${query}`, init);
  expect(res.status, query).toBe(200);
  return (await res.json()) as { data: any[]; total: number; version: string };
}

describe("GET /api/v1/leaderboard", () => {
  describe("happy", () => {
    it("answers the top rows by average with rank, model, scores, the total and the board version", async () => {
      const res = await SELF.fetch(`${base}?limit=5`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/application\/json/);
      const body = (await res.json()) as { data: any[]; total: number; version: string };
      expect(body.total).toBe(4576);
      expect(res.headers.get("x-podium-version")).toBe(`board=${body.version}`);
      expect(body.version).not.toBe("0");
      expect(body.data).toHaveLength(5);
      const first = body.data[0];
      expect(first.rank).toBe(1);
      expect(first.model.id).toBe("MaziyarPanahi/calme-3.2-instruct-78b");
      expect(first.model.hub_url).toBe("https://huggingface.co/MaziyarPanahi/calme-3.2-instruct-78b");
      expect(first.average.toFixed(2)).toBe("52.08");
      expect(first.precision).toBe("bfloat16");
      expect(first.pinned).toBe(false);
      expect(Object.keys(first.scores)).toEqual(["ifeval", "bbh", "math", "gpqa", "musr", "mmlu_pro"]);
      expect(first.scores.ifeval.normalized).toBeCloseTo(80.6260721552148, 10);
      expect(first.scores.ifeval.raw).toBeCloseTo(0.806260721552148, 12);
      const averages = body.data.map((e) => e.average);
      expect(averages).toEqual([...averages].sort((a, b) => b - a));
      expect(body.data.map((e) => e.rank)).toEqual([1, 2, 3, 4, 5]);
    });

    it("pages with offset and keeps the ranks of the whole board", async () => {
      const body = await board("limit=3&offset=100");
      expect(body.data.map((e) => e.rank)).toEqual([101, 102, 103]);
    });

    it("defaults to 100 rows", async () => {
      expect((await board("")).data).toHaveLength(100);
    });

    it("answers the front view from SQL exactly as the engine does", async () => {
      const sql = await board("limit=200&offset=300");
      // rank=dynamic without a filter goes through the engine and must agree row for row.
      const engine = await board("limit=200&offset=300&rank=dynamic");
      expect(engine.total).toBe(sql.total);
      expect(engine.data).toEqual(sql.data);
    });

    it("searches with the old syntax: `meta @architecture:llama; 7b @license:apache`", async () => {
      const search = encodeURIComponent("meta @architecture:llama; 7b @license:apache");
      const body = await board(`search=${search}&limit=500`);
      expect(body.total).toBeGreaterThan(100);
      for (const e of body.data) {
        const m = e.model;
        const first = m.id.toLowerCase().includes("meta") && (m.architecture ?? "").toLowerCase().includes("llama");
        const second = m.id.toLowerCase().includes("7b") && (m.license ?? "").toLowerCase().includes("apache");
        expect(first || second, m.id).toBe(true);
      }
      expect(body.data.some((e) => e.model.id.startsWith("meta-llama/"))).toBe(true);
      expect(body.data.some((e) => !e.model.id.toLowerCase().includes("meta"))).toBe(true);
    });

    it("searches with a regular expression", async () => {
      const body = await board(`search=${encodeURIComponent("^qwen/qwen2\\.5-7b")}&limit=500`);
      expect(body.total).toBeGreaterThan(0);
      for (const e of body.data) expect(e.model.id).toMatch(/^qwen\/qwen2\.5-7b/i);
    });

    it("filters by types, precision and a params range", async () => {
      const body = await board("types=chat,pretrained&precision=float16&params=7,65&limit=500");
      expect(body.total).toBeGreaterThan(0);
      for (const e of body.data) {
        expect(["chat", "pretrained"]).toContain(e.model.type);
        expect(e.precision).toBe("float16");
        expect(e.model.params_billions).toBeGreaterThanOrEqual(7);
        expect(e.model.params_billions).toBeLessThanOrEqual(65);
      }
    });

    it("hides merged, moe, flagged and unavailable models, and keeps only official providers", async () => {
      const all = await board("limit=1");
      const hidden = await board("hide=merged,moe,flagged,unavailable&limit=500");
      expect(hidden.total).toBeLessThan(all.total);
      for (const e of hidden.data) {
        expect([e.model.merged, e.model.moe, e.model.flagged, e.model.available_on_hub]).toEqual([
          false,
          false,
          false,
          true,
        ]);
      }
      const official = await board("official=true&limit=500");
      expect(official.total).toBeGreaterThan(0);
      expect(official.total).toBeLessThan(all.total);
      expect(official.data.every((e) => e.model.official_provider)).toBe(true);
    });

    it("sorts on any column in either order, normalized or raw", async () => {
      const likes = await board("sort=likes&limit=20");
      const l = likes.data.map((e) => e.model.likes);
      expect(l).toEqual([...l].sort((a, b) => b - a));
      const params = await board("sort=params&order=asc&limit=20");
      const p = params.data.map((e) => e.model.params_billions);
      expect(p).toEqual([...p].sort((a, b) => a - b));
      const raw = await board("sort=gpqa&scores=raw&limit=20");
      const g = raw.data.map((e) => e.scores.gpqa.raw);
      expect(g).toEqual([...g].sort((a, b) => b - a));
      const ranks = raw.data.map((e) => e.rank);
      expect(ranks).not.toEqual([...ranks].sort((a, b) => a - b));
    });

    it("ranks within the filter when rank=dynamic", async () => {
      const fixed = await board("types=pretrained&limit=3");
      const dynamic = await board("types=pretrained&rank=dynamic&limit=3");
      expect(dynamic.data.map((e) => e.model.id)).toEqual(fixed.data.map((e) => e.model.id));
      expect(dynamic.data[0].rank).toBe(1);
      expect(fixed.data[0].rank).toBeGreaterThan(1);
    });

    it("averages over the visible benchmarks with average=visible", async () => {
      const body = await board("average=visible&benchmarks=ifeval,math&limit=10");
      for (const e of body.data) {
        expect(e.average).toBeCloseTo((e.scores.ifeval.normalized + e.scores.math.normalized) / 2, 10);
      }
      const a = body.data.map((e) => e.average);
      expect(a).toEqual([...a].sort((x, y) => y - x));
      expect(body.data[0].rank).toBe(1);
      // Visible columns alone keep the six-benchmark average.
      const cols = await board("benchmarks=ifeval&columns=likes,license&limit=1");
      expect(cols.data[0].model.id).toBe("MaziyarPanahi/calme-3.2-instruct-78b");
    });

    it("keeps pinned rows on top whatever the filters", async () => {
      const top = (await board("limit=1")).data[0];
      const body = await board(`types=pretrained&pinned=${encodeURIComponent(top.evaluation_id)}&limit=3`);
      expect(body.data[0].evaluation_id).toBe(top.evaluation_id);
      expect(body.data[0].pinned).toBe(true);
      expect(body.data[0].model.type).not.toBe("pretrained");
      expect(body.data.slice(1).every((e) => e.model.type === "pretrained" && !e.pinned)).toBe(true);
    });
  });

  describe("caching", () => {
    it("answers with an ETag and Cache-Control, and 304 to a matching If-None-Match", async () => {
      const url = `${base}?search=qwen&limit=7`;
      const first = await SELF.fetch(url);
      const etag = first.headers.get("etag");
      expect(etag).toMatch(/^W\/".+"$/);
      expect(first.headers.get("cache-control")).toBe("public, max-age=0, must-revalidate");
      await first.arrayBuffer();
      const again = await SELF.fetch(url, { headers: { "if-none-match": etag! } });
      expect(again.status).toBe(304);
      expect(again.headers.get("etag")).toBe(etag);
      expect(await again.text()).toBe("");
      const other = await SELF.fetch(`${base}?search=qwen&limit=8`, { headers: { "if-none-match": etag! } });
      expect(other.status).toBe(200);
      expect(other.headers.get("etag")).not.toBe(etag);
      await other.arrayBuffer();
    });

    it("gives equivalent URLs (parameters in another order) the same ETag", async () => {
      const a = await SELF.fetch(`${base}?limit=4&types=chat`);
      const b = await SELF.fetch(`${base}?types=chat&limit=4`);
      expect(a.headers.get("etag")).toBe(b.headers.get("etag"));
      await a.arrayBuffer();
      await b.arrayBuffer();
    });

    it("serves a repeated view from the Cache API and a write moves every key on", async () => {
      const url = `${base}?sort=likes&limit=1`;
      const first = await SELF.fetch(url);
      const before = (await first.json()) as any;
      const repeat = await SELF.fetch(url);
      expect(repeat.headers.get("x-podium-cache")).toBe("hit");
      expect(await repeat.json()).toEqual(before);

      const db = database(env.DB);
      const target = "01-ai/Yi-1.5-34B";
      await db.batch([
        db.update(models).set({ likes: 10_000_000 }).where(eq(models.id, target)),
        bumpVersions(db, ["board"]),
      ]);
      await published();

      const after = await SELF.fetch(url, { headers: { "if-none-match": first.headers.get("etag")! } });
      expect(after.status).toBe(200);
      expect(after.headers.get("x-podium-cache")).toBe("miss");
      const body = (await after.json()) as any;
      expect(body.version).not.toBe(before.version);
      expect(body.data[0].model.id).toBe(target);
    });

    it("reads through a D1 session and returns its bookmark, accepting one back", async () => {
      // Each asks a past day's board, which this isolate has not held: the view reads D1 through the session (the
      // current board, already in the isolate's memory, would read nothing and so return no bookmark).
      const first = await SELF.fetch(`${base}?limit=1&as_of=2024-09-02`);
      const bookmark = first.headers.get("x-d1-bookmark");
      expect(bookmark).toBeTruthy();
      await first.arrayBuffer();
      const next = await SELF.fetch(`${base}?limit=2&as_of=2024-09-03`, { headers: { "x-d1-bookmark": bookmark! } });
      expect(next.status).toBe(200);
      expect(next.headers.get("x-d1-bookmark")).toBeTruthy();
      await next.arrayBuffer();
    });

    it("ignores a malformed bookmark instead of handing it to D1", async () => {
      for (const bookmark of ["garbage", "x".repeat(5000), "first-primary"]) {
        const res = await SELF.fetch(`${base}?limit=1`, { headers: { "x-d1-bookmark": bookmark } });
        expect(res.status).toBe(200);
        // A session that ran no query (version remembered, view cached) has no bookmark to return.
        const returned = res.headers.get("x-d1-bookmark") ?? "";
        expect(returned).not.toBe(bookmark);
        expect(returned).toMatch(/^([0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{32})?$/);
        await res.arrayBuffer();
      }
    });

    it("answers HEAD with the headers and no body", async () => {
      const res = await SELF.fetch(`${base}?limit=3`, { method: "HEAD" });
      expect(res.status).toBe(200);
      expect(res.headers.get("etag")).toBeTruthy();
      expect(await res.text()).toBe("");
    });
  });

  describe("cors", () => {
    it("is open to any origin on reads, 304s and preflights", async () => {
      const res = await SELF.fetch(`${base}?limit=1`, { headers: { origin: "https://notebook.example" } });
      expect(res.headers.get("access-control-allow-origin")).toBe("*");
      expect(res.headers.get("access-control-expose-headers")).toMatch(/etag/i);
      const etag = res.headers.get("etag")!;
      await res.arrayBuffer();
      const notModified = await SELF.fetch(`${base}?limit=1`, {
        headers: { origin: "https://notebook.example", "if-none-match": etag },
      });
      expect(notModified.status).toBe(304);
      expect(notModified.headers.get("access-control-allow-origin")).toBe("*");
      const preflight = await SELF.fetch(base, {
        method: "OPTIONS",
        headers: {
          origin: "https://notebook.example",
          "access-control-request-method": "GET",
          "access-control-request-headers": "if-none-match",
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
      expect(preflight.headers.get("access-control-allow-methods")).toMatch(/GET/);
    });

    it("is also open on errors", async () => {
      const res = await SELF.fetch(`${base}?limit=0`, { headers: { origin: "https://x.example" } });
      expect(res.status).toBe(400);
      expect(res.headers.get("access-control-allow-origin")).toBe("*");
      await res.arrayBuffer();
    });
  });

  describe("errors", () => {
    it("answers the whole error envelope for an invalid parameter", async () => {
      const res = await SELF.fetch(`${base}?types=robot`);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        error: {
          code: "invalid_parameter",
          message: `Invalid parameter at types: "robot" is not one of pretrained, continuously-pretrained, fine-tuned, chat, merge, multimodal, other`,
          details: [
            {
              path: "types",
              message: `"robot" is not one of pretrained, continuously-pretrained, fine-tuned, chat, merge, multimodal, other`,
            },
          ],
        },
      });
    });

    it.each([
      ["limit=0", "limit"],
      ["limit=501", "limit"],
      ["limit=ten", "limit"],
      ["offset=-1", "offset"],
      ["search=llama(", "search"],
      ["search=%40size%3A7b", "search"],
      ["types=robot", "types"],
      ["types=chat&types=robot", "types"],
      ["precision=fp8", "precision"],
      ["params=7", "params"],
      ["params=65,7", "params"],
      ["hide=ugly", "hide"],
      ["official=yes", "official"],
      ["sort=secret", "sort"],
      ["order=up", "order"],
      ["scores=percent", "scores"],
      ["rank=random", "rank"],
      ["average=median", "average"],
      ["benchmarks=mmlu", "benchmarks"],
      ["columns=secret", "columns"],
    ])("refuses %s with a 400 naming the parameter", async (query, name) => {
      const res = await SELF.fetch(`${base}?${query}`);
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
