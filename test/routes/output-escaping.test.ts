/**
 * Hostile model names (markup, quotes breaking out of attributes, `]]>`, formulas, Unicode) and hostile
 * architecture and license strings render inert everywhere a name appears: the board page (table and island
 * props), the model page, the compare page, the JSON API, badges, the CSV export and the Atom feed.
 */
import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { SeedData } from "../../worker/domain/seed";
import { database } from "../../worker/store/db";
import { seedIfEmpty } from "../../worker/store/seed";
import { demoData } from "../support/demo";
import { xmlProblems } from "../support/xml";

const BASE = "https://podium.test";

const HOSTILE_IDS = [
  "<script>alert(1)</script>",
  `q"uote's/"><img src=x onerror=alert(1)>`,
  "cdata/]]><x>&amp;&#x3c;",
  "ünï-códe/名前-🚀-ßeta\u202e",
  `csv/=HYPERLINK("http://evil.example")`,
] as const;
const HOSTILE_ARCH = "<b onmouseover=alert(1)>Arch</b>";
const HOSTILE_LICENSE = `"><svg onload=alert(1)>`;

/** Markup that would run or inject if any of the strings above reached HTML or XML unescaped. */
const ACTIVE = [/<script>alert/i, /<img src=x onerror/i, /<svg onload/i, /<b onmouseover/i, /<x>/, /]]><x>/];
/** The first hostile id as text: `<` escaped (preact leaves `>` alone in text, which is safe). */
const ESCAPED_SCRIPT = /&lt;script(&gt;|>)alert\(1\)&lt;\/script/;

beforeAll(async () => {
  const demo = demoData();
  // Ranked above every real model, so they show on the first page of the board and in the feed.
  const top = demo.evaluations.slice(0, HOSTILE_IDS.length);
  const data: SeedData = {
    models: [
      ...demo.models.slice(0, 40),
      ...HOSTILE_IDS.map((id, i) => ({
        ...demo.models.find((m) => m.id === top[i]!.modelId)!,
        id,
        architecture: HOSTILE_ARCH,
        license: HOSTILE_LICENSE,
        baseModel: HOSTILE_IDS[(i + 1) % HOSTILE_IDS.length]!,
      })),
    ],
    evaluations: [
      ...demo.evaluations.filter((e) => demo.models.slice(0, 40).some((m) => m.id === e.modelId)),
      ...HOSTILE_IDS.map((id, i) => ({ ...top[i]!, seedId: `hostile-${i}`, modelId: id, average: 99 - i })),
    ],
  };
  await seedIfEmpty(database(env.DB), data);
});

function expectInert(body: string, where: string) {
  for (const pattern of ACTIVE) expect(body, `${where} contains ${pattern}`).not.toMatch(pattern);
}

/** Every <script> element is an external module or a JSON data block that cannot be closed early. */
function expectScriptsSafe(html: string) {
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    const [, attributes, content] = m as unknown as [string, string, string];
    if (/\bsrc="\//.test(attributes)) continue;
    expect(attributes).toMatch(/type="application\/json"/);
    expect(() => JSON.parse(content)).not.toThrow();
  }
}

async function get(path: string): Promise<{ status: number; type: string; body: string }> {
  const res = await SELF.fetch(`${BASE}${path}`);
  return { status: res.status, type: res.headers.get("content-type") ?? "", body: await res.text() };
}

describe("hostile names render inert", () => {
  describe("happy", () => {
    it("on the board page", async () => {
      const page = await get("/?limit=100");
      expect(page.status).toBe(200);
      expectInert(page.body, "board");
      expectScriptsSafe(page.body);
      expect(page.body).toMatch(ESCAPED_SCRIPT);
      expect(page.body).toContain("名前-🚀-ßeta");
    });

    it.each(HOSTILE_IDS)("on the model page of %s", async (id) => {
      const [org, name] = [id.slice(0, id.indexOf("/")), id.slice(id.indexOf("/") + 1)];
      const page = await get(`/models/${encodeURIComponent(org)}/${encodeURIComponent(name)}`);
      expect(page.status).toBe(200);
      expectInert(page.body, id);
      expectScriptsSafe(page.body);
      expect(page.body).not.toContain(`href="javascript:`);
    });

    it("on the compare page", async () => {
      const page = await get(`/compare?models=${HOSTILE_IDS.map(encodeURIComponent).join(",")}`);
      expect(page.status).toBe(200);
      expectInert(page.body, "compare");
      expectScriptsSafe(page.body);
      expect(page.body).toMatch(ESCAPED_SCRIPT);
    });

    it.each(HOSTILE_IDS)("in the SVG badge of %s, which stays well-formed XML", async (id) => {
      const [org, name] = [id.slice(0, id.indexOf("/")), id.slice(id.indexOf("/") + 1)];
      const badge = await get(
        `/badge/${encodeURIComponent(org)}/${encodeURIComponent(name)}.svg?label=${encodeURIComponent(id)}`,
      );
      expect(badge.type).toMatch(/^image\/svg\+xml/);
      expectInert(badge.body, `badge ${id}`);
      expect(xmlProblems(badge.body)).toEqual([]);
    });

    it("in the Atom feed, which stays well-formed XML", async () => {
      const feed = await get("/feed.atom");
      expect(feed.status).toBe(200);
      expectInert(feed.body, "feed");
      expect(xmlProblems(feed.body.replace(/^<\?xml[^>]*\?>\s*/, ""))).toEqual([]);
      expect(feed.body).toMatch(ESCAPED_SCRIPT);
    });

    it("in the CSV export: no cell starts a formula", async () => {
      const csv = await get("/api/v1/leaderboard.csv?limit=100");
      expect(csv.status).toBe(200);
      expect(csv.type).toMatch(/^text\/csv/);
      for (const line of csv.body.split(/\r?\n/)) {
        for (const cell of line.split(",")) expect(cell.replace(/^"/, "")).not.toMatch(/^[=+\-@\t\r]/);
      }
      expect(csv.body).toContain("<script>alert(1)</script>");
    });

    it("in the JSON API, exact and served as JSON that browsers will not sniff", async () => {
      const res = await SELF.fetch(`${BASE}/api/v1/leaderboard?limit=10`);
      expect(res.headers.get("content-type")).toMatch(/^application\/json/);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      const body = (await res.json()) as { data: Array<{ model: { id: string } }> };
      expect(body.data.map((e) => e.model.id)).toEqual(expect.arrayContaining([...HOSTILE_IDS]));
    });
  });
});
