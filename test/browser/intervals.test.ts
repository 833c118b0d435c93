/**
 * Intervals and rank ranges in Chromium: the board (server-rendered, then the island after a search) and the model
 * page show each score's ±half-width and each rank's range, with JavaScript and without, and what they show is
 * what the JSON API answers for the same rows.
 */
import type { BrowserContextOptions, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { appInBrowser, chromePath } from "../support/browser";
import { scrollThroughBoard } from "./board-rows";

const LEADER = "MaziyarPanahi/calme-3.2-instruct-78b";
const DESKTOP: BrowserContextOptions = { viewport: { width: 1440, height: 900 } };

/** Each board row as shown: model, rank, rank range, average and its ±, the first benchmark's ±. */
function shownRows(page: Page) {
  return page.locator("table.board tbody tr").evaluateAll((trs) =>
    trs.map((tr) => {
      const first = tr.querySelector("td");
      const average = tr.querySelector("td.average");
      return {
        model: tr.querySelector("td.model a")?.textContent ?? "",
        rank: first?.firstChild?.textContent ?? "",
        range: first?.querySelector(".rank-range")?.textContent ?? "",
        average: average?.firstChild?.textContent ?? "",
        averageCi: average?.querySelector(".ci")?.textContent ?? "",
        ifevalCi: average?.nextElementSibling?.querySelector(".ci")?.textContent ?? "",
      };
    }),
  );
}

/** The same rows as the API answers them, formatted as the page formats them. */
async function apiRows(url: string) {
  const body = (await (await fetch(url)).json()) as { data: any[] };
  return body.data.map((e) => ({
    model: e.model.id,
    rank: String(e.rank),
    range: `${e.rank_range[0].toLocaleString("en-US")}–${e.rank_range[1].toLocaleString("en-US")}`,
    average: e.average.toFixed(2),
    averageCi: `±${e.average_ci95.toFixed(2)}`,
    ifevalCi: `±${e.scores.ifeval.ci95.toFixed(2)}`,
  }));
}

describe.skipIf(!chromePath)("intervals and rank ranges in Chromium", () => {
  const app = appInBrowser();

  it("the server-rendered board shows them without JavaScript, as the API answers them", async () => {
    const context = await app.browser.newContext({ ...DESKTOP, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${app.server.url}/`);
    const shown = await shownRows(page);
    expect(shown).toHaveLength(100);
    expect(shown).toEqual(await apiRows(`${app.server.url}/api/v1/leaderboard?limit=100`));
    expect(shown[0]).toMatchObject({ model: LEADER, rank: "1", average: "52.08" });
    expect(shown[0]?.range).toMatch(/^1–\d+$/);
    expect(shown[0]?.averageCi).toMatch(/^±\d+\.\d\d$/);
    // The range is beside the rank in the same cell, visibly (not only for screen readers).
    expect(await page.locator("table.board tbody tr:first-child td:first-child .rank-range").isVisible()).toBe(true);
    await context.close();
  });

  it("the island's rows after a search show them too, from the compact wire, as the API answers them", async () => {
    const context = await app.browser.newContext(DESKTOP);
    const page = await context.newPage();
    await page.goto(`${app.server.url}/`, { waitUntil: "networkidle" });
    const data = page.waitForResponse((r) => r.url().includes("/api/v1/leaderboard/slices/") && r.status() === 200);
    await page.getByLabel("Search models").focus();
    await data;
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    await page.getByLabel("Search models").pressSequentially("qwen2.5-7b", { delay: 20 });
    await page.locator("details.filters > summary").click();
    await page.locator('select[name="rank"]').selectOption("dynamic");
    await expect.poll(() => page.url()).toBe(`${app.server.url}/?search=qwen2.5-7b&rank=dynamic`);
    await expect
      .poll(async () => (await shownRows(page)).every((r) => r.model.toLowerCase().includes("qwen2.5-7b")))
      .toBe(true);
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    await scrollThroughBoard(page);
    const shown = await shownRows(page);
    expect(shown.length).toBeGreaterThan(3);
    // Ranked within the view: the ranges start at 1 and stay within the view's size.
    expect(shown[0]?.range).toMatch(/^1–\d+$/);
    expect(shown).toEqual(await apiRows(`${app.server.url}/api/v1/leaderboard?search=qwen2.5-7b&rank=dynamic`));
    await context.close();
  });

  for (const javaScriptEnabled of [false, true]) {
    it(`the model page shows the rank range and every score's interval (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      const context = await app.browser.newContext({ ...DESKTOP, javaScriptEnabled });
      const page = await context.newPage();
      await page.goto(`${app.server.url}/models/${LEADER}`);
      const model = (await (await fetch(`${app.server.url}/api/v1/models/${LEADER}`)).json()) as any;
      const ranked = model.evaluations.find((e: any) => e.status === "ranked");
      const heading = page.locator("h2", { hasText: "rank 1" });
      expect(await heading.locator(".rank-range").textContent()).toBe(
        `${ranked.rank_range[0]}–${ranked.rank_range[1]}`,
      );
      const values = await page
        .locator(".scores .value")
        .evaluateAll((els) =>
          els.map((el) => ({ value: el.firstChild?.textContent, ci: el.querySelector(".ci")?.textContent })),
        );
      const keys = ["ifeval", "bbh", "math", "gpqa", "musr", "mmlu_pro"];
      expect(values).toEqual([
        { value: ranked.average.toFixed(2), ci: `±${ranked.average_ci95.toFixed(2)}` },
        ...keys.map((k) => ({
          value: ranked.scores[k].normalized.toFixed(2),
          ci: `±${ranked.scores[k].ci95.toFixed(2)}`,
        })),
      ]);
      await context.close();
    });
  }
});
