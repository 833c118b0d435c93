import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { root, startAppServer, type AppServer } from "../../scripts/app-server";
import { chromePath, launchBrowser } from "../support/browser";

const shots = path.join(root, "test-results");

describe.skipIf(!chromePath)("the leaderboard in Chromium", () => {
  let server: AppServer;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    [server, browser] = await Promise.all([startAppServer(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("shows 100 ranked rows without JavaScript, the leader first", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const response = await page.goto(`${server.url}/`);
    expect(response?.status()).toBe(200);
    const rows = page.locator("table.board tbody tr");
    expect(await rows.count()).toBe(100);
    const first = rows.first();
    expect(await first.locator("td.model a").textContent()).toBe("MaziyarPanahi/calme-3.2-instruct-78b");
    expect(await first.locator("td.average").textContent()).toBe("52.08");
    await page.screenshot({ path: path.join(shots, "leaderboard-desktop.png") });

    await page.getByRole("link", { name: /Next 100/ }).click();
    expect(page.url()).toBe(`${server.url}/?offset=100`);
    expect(await page.locator("table.board tbody tr").first().locator("td").first().textContent()).toBe("101");
    await context.close();
  });

  it("fits a phone's width with the table scrolling inside its frame", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    await page.goto(`${server.url}/`);
    const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(pageWidth).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(shots, "leaderboard-phone.png") });
    expect(errors).toEqual([]);
    await context.close();
  });
});
