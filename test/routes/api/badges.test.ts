import { createExecutionContext, env, SELF, waitOnExecutionContext } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../../worker/index";
import { SHIELDS_ENDPOINT_KEYS } from "../../../worker/domain/badge-content";
import type { Db } from "../../../worker/store/db";
import { evaluations, models } from "../../../worker/store/schema";
import { bumpVersions } from "../../../worker/store/version";
import { seedDemo } from "../../support/demo";
import { xmlProblems } from "../../support/xml";
import { published } from "../../support/publish";

const BASE = "https://podium.test";
const LEADER = "MaziyarPanahi/calme-3.2-instruct-78b";
const RANKED_CACHE = "public, max-age=300, s-maxage=300, stale-while-revalidate=86400";

let db: Db;

beforeAll(async () => {
  db = await seedDemo();
});

/** Fetches through the Worker's own handler and waits for its waitUntil work (the cache write) to finish. */
async function get(path: string, headers: Record<string, string> = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`${BASE}${path}`, { headers }), env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

const ariaLabel = (svg: string) => /aria-label="([^"]*)"/.exec(svg)?.[1];
const svgWidth = (svg: string) => Number(/<svg [^>]*width="(\d+(?:\.\d+)?)"/.exec(svg)?.[1]);

function expectBadgeHeaders(res: Response, cacheControl: string, type = "image/svg+xml; charset=utf-8") {
  expect(res.headers.get("content-type")).toBe(type);
  expect(res.headers.get("cache-control")).toBe(cacheControl);
  expect(res.headers.get("etag")).toMatch(/^"[0-9a-f]{32}"$/);
  expect(res.headers.get("access-control-allow-origin")).toBe("*");
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
}

/** A model with one ranked evaluation whose six scores are all `score`; the board version moves with it. */
function rankedModel(id: string, score: number, options: { bump?: boolean } = {}) {
  const now = Date.now();
  const writes = [
    db.insert(models).values({ id, createdAt: now, updatedAt: now }),
    db.insert(evaluations).values({
      id: `test-${id}`,
      modelId: id,
      revision: "main",
      precision: "bfloat16",
      status: "ranked",
      ifeval: score,
      bbh: score,
      math: score,
      gpqa: score,
      musr: score,
      mmlu_pro: score,
      average: score,
      provenance: {},
      source: "seed",
      createdAt: now,
    }),
  ] as const;
  return options.bump === false ? db.batch(writes) : db.batch([bumpVersions(db, ["board"]), ...writes]);
}

describe("GET /badge/{org}/{name}.svg", () => {
  describe("happy", () => {
    it("shows the rank range with metric=rank_range: the ranks the leaderboard API says it is tied with", async () => {
      // A mid-board model: tied with many neighbours. The API's rank_range is checked against the O(N²) rule
      // in intervals.test.ts; the badge must say the same.
      const entry = ((await (await SELF.fetch(`${BASE}/api/v1/leaderboard?limit=1&offset=300`)).json()) as any).data[0];
      const [best, worst] = entry.rank_range;
      expect(worst - best).toBeGreaterThan(10);
      const thousands = (n: number) => n.toLocaleString("en-US");
      const want = `#${thousands(best)}–${thousands(worst)} of 4,576`;
      const svg = await (
        await SELF.fetch(`${BASE}/badge/${entry.model.id}.svg?metric=rank_range&precision=${entry.precision}`)
      ).text();
      expect(ariaLabel(svg)).toBe(`podium rank range: ${want}`);
      const json = (await (
        await SELF.fetch(`${BASE}/badge/${entry.model.id}.json?metric=rank_range&precision=${entry.precision}`)
      ).json()) as any;
      expect(json.message).toBe(want);
    });

    it("shows the leader's rank in the top colour with every delivery header", async () => {
      const res = await SELF.fetch(`${BASE}/badge/${LEADER}.svg`);
      expect(res.status).toBe(200);
      expectBadgeHeaders(res, RANKED_CACHE);
      const svg = await res.text();
      expect(ariaLabel(svg)).toBe("podium rank: #1 of 4,576");
      expect(svg).toContain("<title>podium rank: #1 of 4,576</title>");
      expect(svg).toContain('fill="#4b0"');
      expect(xmlProblems(svg)).toEqual([]);
    });

    it("shows a benchmark score with two decimals, as stored", async () => {
      const row = await db
        .select({ math: evaluations.math })
        .from(evaluations)
        .where(eq(evaluations.modelId, LEADER))
        .get();
      const math = (row?.math ?? Number.NaN).toFixed(2);
      expect(math).toBe("40.33");
      const svg = await (await SELF.fetch(`${BASE}/badge/${LEADER}.svg?metric=math`)).text();
      expect(ariaLabel(svg)).toBe(`podium MATH Lvl 5: ${math}`);
      const average = await (await SELF.fetch(`${BASE}/badge/${LEADER}.svg?metric=average`)).text();
      expect(ariaLabel(average)).toBe("podium average: 52.08");
    });

    it("colours a score by the model's standing on that benchmark", async () => {
      const svg = await (await SELF.fetch(`${BASE}/badge/gpt2.svg?metric=ifeval&precision=float16`)).text();
      expect(svg).toMatch(/fill="#ea7233"/);
    });

    it("serves legacy ids without an org and picks the row by precision", async () => {
      const best = await (await SELF.fetch(`${BASE}/badge/gpt2.svg`)).text();
      const fp16 = await (await SELF.fetch(`${BASE}/badge/gpt2.svg?precision=float16`)).text();
      const bestRank = Number(/#([\d,]+) of/.exec(ariaLabel(best) ?? "")?.[1]?.replace(/,/g, ""));
      const fp16Rank = Number(/#([\d,]+) of/.exec(ariaLabel(fp16) ?? "")?.[1]?.replace(/,/g, ""));
      expect(bestRank).toBeGreaterThan(4000);
      expect(fp16Rank).toBeGreaterThan(bestRank);
      expect(ariaLabel(await (await SELF.fetch(`${BASE}/badge/gpt2.svg?precision=4bit`)).text())).toBe(
        "podium rank: not ranked",
      );
    });

    it("honours style and label", async () => {
      const tall = await (await SELF.fetch(`${BASE}/badge/${LEADER}.svg?style=for-the-badge`)).text();
      expect(tall).toMatch(/<svg [^>]*height="28"/);
      expect(ariaLabel(tall)).toBe("PODIUM RANK: #1 OF 4,576");
      const plastic = await (await SELF.fetch(`${BASE}/badge/${LEADER}.svg?style=plastic&label=arena%20rank`)).text();
      expect(plastic).toMatch(/<svg [^>]*height="18"/);
      expect(ariaLabel(plastic)).toBe("arena rank: #1 of 4,576");
      const escaped = await (
        await SELF.fetch(`${BASE}/badge/${LEADER}.svg?label=${encodeURIComponent('<b>"&')}`)
      ).text();
      expect(ariaLabel(escaped)).toBe("&lt;b&gt;&quot;&amp;: #1 of 4,576");
      expect(xmlProblems(escaped)).toEqual([]);
    });

    it("answers .json as a shields endpoint document with only keys shields accepts", async () => {
      const res = await SELF.fetch(`${BASE}/badge/${LEADER}.json?metric=rank&style=flat-square`);
      expect(res.status).toBe(200);
      expectBadgeHeaders(res, RANKED_CACHE, "application/json; charset=utf-8");
      const doc = (await res.json()) as Record<string, unknown>;
      expect(doc).toEqual({
        schemaVersion: 1,
        label: "podium rank",
        message: "#1 of 4,576",
        color: "brightgreen",
        style: "flat-square",
        cacheSeconds: 300,
      });
      expect(Object.keys(doc).filter((k) => !(SHIELDS_ENDPOINT_KEYS as readonly string[]).includes(k))).toEqual([]);
    });

    it("takes shields' color, labelColor, logo and logoColor", async () => {
      const svg = await (
        await SELF.fetch(`${BASE}/badge/${LEADER}.svg?color=ff69b4&labelColor=%23333&logo=huggingface&logoColor=white`)
      ).text();
      const [label, message] = [
        ...svg.matchAll(/<rect (?:x="[\d.]+" )?width="[\d.]+" height="20" fill="([^"]+)"/g),
      ].map((m) => m[1]);
      expect([label, message]).toEqual(["#333", "#ff69b4"]);
      expect(svg).toContain('<path fill="white" d="M12.025 1.13c');
      expect(svgWidth(svg)).toBe(svgWidth(await (await SELF.fetch(`${BASE}/badge/${LEADER}.svg`)).text()) + 17);
      expect(xmlProblems(svg)).toEqual([]);
      const named = await (
        await SELF.fetch(`${BASE}/badge/${LEADER}.svg?color=informational&style=for-the-badge`)
      ).text();
      expect(named).toContain('fill="#007ec6"');
      const css = await (
        await SELF.fetch(`${BASE}/badge/${LEADER}.svg?color=${encodeURIComponent("rgb(0 0 0)")}`)
      ).text();
      expect(css).toContain('fill="rgb(0 0 0)"');
    });

    it("declares the shields parameters in the OpenAPI document", async () => {
      const doc = (await (await SELF.fetch(`${BASE}/api/v1/openapi.json`)).json()) as {
        paths: Record<string, { get: { parameters: { name: string; in: string; schema: Record<string, unknown> }[] } }>;
      };
      for (const path of ["/badge/{org}/{file}", "/badge/{file}"]) {
        const query = Object.fromEntries(
          (doc.paths[path]?.get.parameters ?? []).filter((p) => p.in === "query").map((p) => [p.name, p.schema]),
        );
        expect(Object.keys(query).sort()).toEqual([
          "cacheSeconds",
          "color",
          "label",
          "labelColor",
          "logo",
          "logoColor",
          "metric",
          "precision",
          "style",
        ]);
        expect(query.logo).toMatchObject({ type: "string", enum: ["huggingface", "github", "arxiv"] });
        expect(query.cacheSeconds).toMatchObject({ type: "integer", minimum: 0 });
        expect(query.color).toMatchObject({ type: "string", maxLength: 64 });
      }
    });

    it("keeps a not-ranked badge grey whatever color is asked, as shields keeps an error's colour", async () => {
      const svg = await (
        await SELF.fetch(`${BASE}/badge/nobody/nothing-7b.svg?color=blue&labelColor=red&logo=github`)
      ).text();
      expect(ariaLabel(svg)).toBe("podium rank: not ranked");
      expect(svg).toContain('fill="#939393"');
      expect(svg).toContain('fill="#555"');
      expect(svg).not.toContain("#007ec6");
      expect(svg).toContain('<path fill="whitesmoke"');
    });

    it("carries the parameters into the shields endpoint document", async () => {
      const res = await SELF.fetch(
        `${BASE}/badge/${LEADER}.json?color=AABBCC&labelColor=gray&logo=github&logoColor=%23fff&cacheSeconds=3600`,
      );
      expect(await res.json()).toEqual({
        schemaVersion: 1,
        label: "podium rank",
        message: "#1 of 4,576",
        color: "#aabbcc",
        labelColor: "grey",
        namedLogo: "github",
        logoColor: "#fff",
        style: "flat",
        cacheSeconds: 3600,
      });
      expect(res.headers.get("cache-control")).toBe(
        "public, max-age=3600, s-maxage=3600, stale-while-revalidate=86400",
      );
    });

    it.each([
      ["cacheSeconds=3600", 3600],
      ["cacheSeconds=0", 300],
      ["cacheSeconds=299", 300],
      ["cacheSeconds=86400", 86400],
      ["cacheSeconds=999999999", 86400],
    ])("lets %s raise a ranked badge's max-age to %i, never lower, at most a day", async (query, seconds) => {
      const res = await SELF.fetch(`${BASE}/badge/${LEADER}.svg?metric=musr&${query}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toBe(
        `public, max-age=${seconds}, s-maxage=${seconds}, stale-while-revalidate=86400`,
      );
      const json = (await (await SELF.fetch(`${BASE}/badge/${LEADER}.json?metric=musr&${query}`)).json()) as {
        cacheSeconds: number;
      };
      expect(json.cacheSeconds).toBe(seconds);
    });

    it("keeps the short cache of a not-ranked badge whatever cacheSeconds asks", async () => {
      const res = await SELF.fetch(`${BASE}/badge/nobody/nothing-7b.svg?cacheSeconds=86400`);
      expect(res.headers.get("cache-control")).toBe("public, max-age=60, s-maxage=60");
    });

    it("answers 304 without a body to a matching If-None-Match, 200 otherwise", async () => {
      const first = await SELF.fetch(`${BASE}/badge/${LEADER}.svg?metric=bbh`);
      const etag = first.headers.get("etag") ?? "";
      const body = await first.text();
      for (const header of [etag, `W/${etag}`, `"nope", ${etag}`, "*"]) {
        const again = await SELF.fetch(`${BASE}/badge/${LEADER}.svg?metric=bbh`, {
          headers: { "If-None-Match": header },
        });
        expect(again.status).toBe(304);
        expect(again.headers.get("etag")).toBe(etag);
        expect(again.headers.get("cache-control")).toBe(RANKED_CACHE);
        expect(await again.text()).toBe("");
      }
      const other = await SELF.fetch(`${BASE}/badge/${LEADER}.svg?metric=bbh`, {
        headers: { "If-None-Match": '"0123"' },
      });
      expect(other.status).toBe(200);
      expect(await other.text()).toBe(body);
    });
  });

  describe("errors", () => {
    it("gives an unknown model a 200 grey not-ranked badge with a short cache", async () => {
      const res = await SELF.fetch(`${BASE}/badge/nobody/nothing-7b.svg`);
      expect(res.status).toBe(200);
      expectBadgeHeaders(res, "public, max-age=60, s-maxage=60");
      const svg = await res.text();
      expect(ariaLabel(svg)).toBe("podium rank: not ranked");
      expect(svg).toContain('fill="#939393"');
      const json = (await (await SELF.fetch(`${BASE}/badge/nobody/nothing-7b.json?metric=gpqa`)).json()) as any;
      expect(json).toMatchObject({ message: "not ranked", color: "lightgrey", label: "podium GPQA" });
    });

    it.each([
      ["metric=elo", "metric"],
      ["style=rounded", "style"],
      ["precision=fp64", "precision"],
      [`label=${"x".repeat(65)}`, "label"],
      ["color=notacolor", "color"],
      ["color=Red", "color"],
      [`color=${encodeURIComponent('"><script>')}`, "color"],
      [`color=${"a".repeat(65)}`, "color"],
      ["labelColor=%23ggg", "labelColor"],
      ["logoColor=bleu", "logoColor"],
      ["cacheSeconds=-1", "cacheSeconds"],
      ["cacheSeconds=1.5", "cacheSeconds"],
      ["cacheSeconds=soon", "cacheSeconds"],
    ])("refuses %s with a red 400 badge naming the parameter", async (query, parameter) => {
      const res = await SELF.fetch(`${BASE}/badge/${LEADER}.svg?${query}`);
      expect(res.status).toBe(400);
      expectBadgeHeaders(res, "no-cache");
      const svg = await res.text();
      expect(ariaLabel(svg)).toBe(`podium badge: invalid ${parameter}`);
      expect(svg).toContain('fill="#dd4343"');
      expect(xmlProblems(svg)).toEqual([]);
    });

    it("refuses an unknown logo with a red 400 badge naming the logos there are", async () => {
      const res = await SELF.fetch(`${BASE}/badge/${LEADER}.svg?logo=pytorch`);
      expect(res.status).toBe(400);
      expectBadgeHeaders(res, "no-cache");
      expect(ariaLabel(await res.text())).toBe("podium badge: invalid logo (huggingface, github, arxiv)");
    });

    it("refuses a bad parameter on .json with a JSON error badge", async () => {
      const res = await SELF.fetch(`${BASE}/badge/${LEADER}.json?style=huge`);
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
      expect(await res.json()).toEqual({
        schemaVersion: 1,
        label: "podium badge",
        message: "invalid style",
        color: "red",
        isError: true,
        style: "flat",
        cacheSeconds: 300,
      });
    });

    it("answers 404 with the error envelope for a badge URL without .svg or .json", async () => {
      const res = await SELF.fetch(`${BASE}/badge/${LEADER}.png`);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({
        error: { code: "not_found", message: "No such badge: badge URLs end in .svg or .json" },
      });
    });
  });

  describe("cache", () => {
    it("keeps badges that differ only in a shields parameter apart", async () => {
      const urls = ["", "?color=blue", "?color=red", "?labelColor=blue", "?logo=github", "?logoColor=red&logo=github"];
      const first = await Promise.all(urls.map(async (q) => (await get(`/badge/${LEADER}.svg${q}`)).text()));
      expect(new Set(first).size).toBe(urls.length);
      const again = await Promise.all(urls.map(async (q) => (await get(`/badge/${LEADER}.svg${q}`)).text()));
      expect(again).toEqual(first);
      const long = await get(`/badge/${LEADER}.svg?cacheSeconds=7200`);
      expect(long.headers.get("cache-control")).toContain("max-age=7200");
      expect((await get(`/badge/${LEADER}.svg`)).headers.get("cache-control")).toBe(RANKED_CACHE);
    });

    it("serves from the cache until the board version moves, then shows the new standing", async () => {
      const before = await (await get(`/badge/${LEADER}.svg?metric=average&label=cached`)).text();
      expect(ariaLabel(before)).toBe("cached: 52.08");
      expect(ariaLabel(await (await get(`/badge/${LEADER}.svg?label=cached`)).text())).toBe("cached: #1 of 4,576");

      // A row written without moving the board version is invisible: the badge comes from the cache.
      await rankedModel("test-org/stealth-model", 99, { bump: false });
      expect(ariaLabel(await (await get(`/badge/${LEADER}.svg?label=cached`)).text())).toBe("cached: #1 of 4,576");

      // A new ranked evaluation moves the board version, and the same URL now shows the new rank.
      await rankedModel("test-org/new-champion", 98);
      await published();
      expect(ariaLabel(await (await get(`/badge/${LEADER}.svg?label=cached`)).text())).toBe("cached: #3 of 4,578");
      expect(ariaLabel(await (await get("/badge/test-org/new-champion.svg?label=cached")).text())).toBe(
        "cached: #2 of 4,578",
      );
    });
  });
});
