/**
 * Hostile model names in a real browser with the Content-Security-Policy bypassed, so only escaping stands in
 * the way: nothing runs when the board is rendered by the server, when the island renders it after a search,
 * on the model page, the compare page or a badge.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoData, startAppServer, type AppServer } from "../../scripts/app-server";
import { chromePath, launchBrowser } from "../support/browser";

const IMG = "xss-org/<img src=x onerror=window.__xss.push('img')>";
const SCRIPT = "<script>window.__xss.push('script')</script>";
const QUOTE = `xss-quote/"><svg onload=window.__xss.push('svg')>`;
const HOSTILE = [IMG, SCRIPT, QUOTE];

describe.skipIf(!chromePath)("hostile model names in Chromium, without the CSP", () => {
  let server: AppServer;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    const demo = demoData();
    const models = demo.models.slice(0, 60);
    const kept = new Set(models.map((m) => m.id));
    const top = demo.evaluations[0]!;
    const data = {
      models: [...models, ...HOSTILE.map((id) => ({ ...demo.models.find((m) => m.id === top.modelId)!, id }))],
      evaluations: [
        ...demo.evaluations.filter((e) => kept.has(e.modelId)),
        ...HOSTILE.map((id, i) => ({ ...top, seedId: `xss-${i}`, modelId: id, average: 99 - i })),
      ],
    };
    [server, browser] = await Promise.all([startAppServer({ data }), launchBrowser()]);
    context = await browser.newContext({ bypassCSP: true });
    await context.addInitScript(() => {
      (window as unknown as { __xss: string[] }).__xss = [];
    });
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  async function ran(page: Page): Promise<string[]> {
    await page.waitForLoadState("networkidle");
    return page.evaluate(() => (window as unknown as { __xss: string[] }).__xss);
  }

  it("would notice: the same markup inserted raw does run here (the policy is bypassed)", async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/about`);
    await page.evaluate(
      (html) => (document as any).body.insertAdjacentHTML("beforeend", html),
      IMG.slice(IMG.indexOf("/") + 1),
    );
    await expect.poll(() => ran(page)).toEqual(["img"]);
    await page.close();
  });

  it("nothing runs on the server-rendered board, and the names show as text", async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    expect(await ran(page)).toEqual([]);
    const names = await page.locator("table tbody td.model a").allTextContents();
    expect(names).toEqual(expect.arrayContaining(HOSTILE));
    await page.close();
  });

  it("nothing runs when the island renders the rows after a search", async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/`, { waitUntil: "networkidle" });
    const data = page.waitForResponse((r) => r.url().includes("/api/v1/leaderboard/slices/") && r.status() === 200);
    await page.getByLabel("Search models").focus();
    await data;
    // Set on the window: it survives only if the island re-renders the rows without a page load.
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    await page.getByLabel("Search models").pressSequentially("xss-", { delay: 20 });
    await expect.poll(() => page.url()).toBe(`${server.url}/?search=xss-`);
    await expect
      .poll(async () => (await page.locator("table tbody td.model a").allTextContents()).sort())
      .toEqual([IMG, QUOTE].sort());
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    expect(await ran(page)).toEqual([]);
    await page.close();
  });

  it.each(HOSTILE)("nothing runs on the model, compare and badge views of %s", async (id) => {
    const slash = id.indexOf("/");
    const path = `${encodeURIComponent(id.slice(0, slash))}/${encodeURIComponent(id.slice(slash + 1))}`;
    const page = await context.newPage();
    for (const url of [`/models/${path}`, `/compare?models=${encodeURIComponent(id)}`, `/badge/${path}.svg`]) {
      const res = await page.goto(`${server.url}${url}`);
      expect(res?.status(), url).toBe(200);
      expect(await ran(page), url).toEqual([]);
    }
    await page.close();
  });
});
