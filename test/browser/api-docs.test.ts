import path from "node:path";
import { describe, expect, it } from "vitest";
import { root } from "../../scripts/app-server";
import { chromePath, appInBrowser, shots } from "../support/browser";

const axePath = path.join(root, "node_modules/axe-core/axe.min.js");

describe.skipIf(!chromePath)("the API in Chromium", () => {
  const app = appInBrowser();

  it("renders /docs readable and accessible, without script and without console errors", async () => {
    const context = await app.browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(e.message));
    const response = await page.goto(`${app.server.url}/docs`);
    expect(response?.status()).toBe(200);
    expect(await page.locator("h1").textContent()).toBe("Podium API");
    expect(await page.locator("script").count()).toBe(0);
    await page.click('a[href="#get-api-v1-leaderboard"]');
    expect(page.url()).toBe(`${app.server.url}/docs#get-api-v1-leaderboard`);
    await page.screenshot({ path: path.join(shots, "docs-desktop.png"), fullPage: false });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(shots, "docs-phone.png"), fullPage: false });

    await page.addScriptTag({ path: axePath });
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(): Promise<{ violations: any[] }> } }).axe;
      return (await axe.run()).violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
    });
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("answers a page on another origin: CORS open, ETag readable, 304 on revalidation", async () => {
    // The stand-in for a third-party site is one of our own JSON URLs, whose strict CSP would forbid the fetch.
    const context = await app.browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    // localhost and 127.0.0.1 are different origins for the browser.
    const other = app.server.url.replace("127.0.0.1", "localhost");
    await page.goto(`${other}/healthz`);
    const result = await page.evaluate(async (api) => {
      const first = await fetch(`${api}/api/v1/leaderboard?limit=2&search=qwen`);
      const body = (await first.json()) as { data: unknown[]; total: number };
      const etag = first.headers.get("etag");
      const again = await fetch(`${api}/api/v1/leaderboard?limit=2&search=qwen`, {
        headers: { "if-none-match": etag ?? "" },
        cache: "no-store",
      });
      return { status: first.status, rows: body.data.length, etag, again: again.status };
    }, app.server.url);
    expect(result.status).toBe(200);
    expect(result.rows).toBe(2);
    expect(result.etag).toMatch(/^W\/"/);
    expect(result.again).toBe(304);
    await context.close();
  });
});
