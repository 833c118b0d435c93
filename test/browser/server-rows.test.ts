/**
 * The board's rows on load are the server's HTML, left in the page as they are: the island hydrates the controls
 * and the table's frame, never the rows (on a phone that walk cost hundreds of ms of the load's main thread:
 * BENCHMARKS.md, issue 16). Links on those rows still switch the view in place once the island runs.
 */
import { describe, expect, it } from "vitest";
import { appInBrowser, chromePath } from "../support/browser";
import { shownModels } from "./board-rows";

describe.skipIf(!chromePath)("the server's rows, in Chromium", () => {
  const app = appInBrowser();

  it("stay in the page untouched by hydration, and a pin on one of them switches the view in place", async () => {
    const context = await app.browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      // Every row element the document loses or gains after parsing, and a mark a navigation would wipe.
      await page.addInitScript(() => {
        const changes: string[] = [];
        Object.assign(window, { rowChanges: changes, sameDocument: true });
        document.addEventListener("DOMContentLoaded", () => {
          new MutationObserver((records) => {
            for (const r of records) {
              for (const n of [...r.addedNodes, ...r.removedNodes]) if (n.nodeName === "TR") changes.push(n.nodeName);
            }
          }).observe(document.body, { childList: true, subtree: true });
        });
      });
      await page.goto(`${app.server.url}/`, { waitUntil: "networkidle" });
      const shown = await shownModels(page);
      expect(shown).toHaveLength(100);
      // The island has run (module scripts run before the load event): the rows are still the parsed ones.
      expect(await page.evaluate(() => (window as unknown as { rowChanges: string[] }).rowChanges)).toEqual([]);

      const third = page.locator("table.board tbody tr").nth(2);
      const model = (await third.locator("td.model a").textContent()) ?? "";
      await third.locator("a.pin").click();
      await expect.poll(() => page.url(), { timeout: 15_000 }).toMatch(/\/\?pinned=/);
      await expect.poll(async () => (await shownModels(page))[0], { timeout: 15_000 }).toBe(model);
      expect(await page.locator("table.board tbody tr").first().getAttribute("class")).toContain("pinned");
      expect(await page.getByRole("link", { name: "Compare the pinned model side by side" }).isVisible()).toBe(true);
      expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    } finally {
      await context.close();
    }
  }, 120_000);

  it("a page loaded with a pin names its model in the compare link, with JavaScript and without", async () => {
    const api = (await (await fetch(`${app.server.url}/api/v1/leaderboard?limit=3`)).json()) as {
      data: Array<{ evaluation_id: string; model: { id: string } }>;
    };
    const pinned = api.data[2] as { evaluation_id: string; model: { id: string } };
    const url = `${app.server.url}/?pinned=${encodeURIComponent(pinned.evaluation_id)}`;
    for (const javaScriptEnabled of [true, false]) {
      const context = await app.browser.newContext({ javaScriptEnabled });
      try {
        const page = await context.newPage();
        await page.goto(url, { waitUntil: "networkidle" });
        const compare = page.getByRole("link", { name: "Compare the pinned model side by side" });
        expect(await compare.getAttribute("href")).toBe(`/compare?models=${encodeURIComponent(pinned.model.id)}`);
        expect((await shownModels(page))[0]).toBe(pinned.model.id);
      } finally {
        await context.close();
      }
    }
  }, 60_000);
});
