/** Every HTML page points feed readers at the Atom feed (autodiscovery) and shows people a link to it. */
import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../support/demo";

const BASE = "https://podium.test";

// Every page route, a model page of each id form, and the error pages (a 400 view, an unknown model).
const PAGES: ReadonlyArray<[string, number]> = [
  ["/", 200],
  ["/?sort=nonsense", 400],
  ["/queue", 200],
  ["/compare", 200],
  ["/compare?models=MaziyarPanahi/calme-3.2-instruct-78b", 200],
  ["/about", 200],
  ["/docs", 200],
  ["/submit", 200],
  ["/account", 200],
  ["/models/MaziyarPanahi/calme-3.2-instruct-78b", 200],
  ["/models/gpt2", 200],
  ["/models/nobody/nothing", 404],
];

const AUTODISCOVERY = /<link rel="alternate" type="application\/atom\+xml" title="([^"]+)" href="\/feed\.atom"\/?>/g;

beforeAll(async () => {
  await seedDemo();
});

describe("the Atom feed's links", () => {
  it("are on every page: one autodiscovery <link> in the head and a visible link in the footer", async () => {
    const feed = await SELF.fetch(`${BASE}/feed.atom`);
    expect(feed.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    const feedTitle = /<title>([^<]+)<\/title>/.exec(await feed.text())?.[1];
    for (const [path, status] of PAGES) {
      const res = await SELF.fetch(`${BASE}${path}`, { redirect: "manual", headers: { accept: "text/html" } });
      expect(res.status, path).toBe(status);
      expect(res.headers.get("content-type"), path).toMatch(/^text\/html/);
      const html = await res.text();
      const head = html.slice(html.indexOf("<head>"), html.indexOf("</head>"));
      const links = [...head.matchAll(AUTODISCOVERY)];
      expect(links, path).toHaveLength(1);
      expect(links[0]![1], path).toBe(feedTitle);
      const footer = html.slice(html.indexOf('<footer class="site"'), html.indexOf("</footer>"));
      expect(footer, path).toMatch(/<a href="\/feed\.atom">Atom feed<\/a>/);
    }
  });
});
