import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { rankedFeed } from "../../../worker/domain/feed";
import { xmlEscape } from "../../../worker/domain/xml";
import { database } from "../../../worker/store/db";
import { evaluations, models } from "../../../worker/store/schema";
import { bumpVersions } from "../../../worker/store/version";
import { seedDemo } from "../../support/demo";
import { published } from "../../support/publish";

const scores = { ifeval: 50, bbh: 50, math: 50, gpqa: 50, musr: 50, mmlu_pro: 50, average: 50 };

beforeAll(async () => {
  await seedDemo();
  const db = database(env.DB);
  const later = Date.now() + 60_000;
  await db.batch([
    db.insert(models).values({ id: "acme/<b>&co</b>", createdAt: later, updatedAt: later }),
    db.insert(evaluations).values({
      id: "ev-newest",
      modelId: "acme/<b>&co</b>",
      revision: "abc",
      precision: "bfloat16",
      type: "chat",
      status: "ranked",
      ...scores,
      provenance: {},
      source: "evaluator",
      createdAt: later + 1000,
    }),
    db.insert(evaluations).values({
      id: "ev-partial-newer",
      modelId: "acme/<b>&co</b>",
      revision: "def",
      precision: "bfloat16",
      status: "partial",
      ...scores,
      provenance: {},
      source: "evaluator",
      createdAt: later + 2000,
    }),
    bumpVersions(db, ["board"]),
  ]);
  await published();
});

describe("GET /feed.atom", () => {
  describe("happy", () => {
    it("lists newly ranked evaluations newest first, as escaped Atom XML", async () => {
      const res = await SELF.fetch("https://podium.test/feed.atom");
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
      expect(res.headers.get("etag")).toBeTruthy();
      const xml = await res.text();
      expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">')).toBe(
        true,
      );
      const entries = xml.split("<entry>").slice(1);
      expect(entries).toHaveLength(50);
      expect(entries[0]).toContain("<title>acme/&lt;b&gt;&amp;co&lt;/b&gt; (bfloat16): average 50.00</title>");
      expect(entries[0]).toContain('href="https://podium.test/models/acme/%3Cb%3E%26co%3C/b%3E"');
      expect(xml).not.toContain("ev-partial-newer");
      expect(xml).not.toContain("<b>");
      const updated = [...xml.matchAll(/<entry>.*?<updated>([^<]+)<\/updated>/gs)].map((m) => m[1]!);
      expect(updated).toEqual([...updated].sort().reverse());
    });
  });
});

describe("rankedFeed", () => {
  it("is a valid empty feed with no items", () => {
    const xml = rankedFeed("https://p.test", []);
    expect(xml).toContain("<updated>1970-01-01T00:00:00.000Z</updated>");
    expect(xml).not.toContain("<entry>");
    expect(xml.trim().endsWith("</feed>")).toBe(true);
  });

  it("escapes the five XML specials", () => {
    expect(xmlEscape(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;");
  });
});
