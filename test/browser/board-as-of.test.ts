/**
 * The page's date control in Chromium, with and without JavaScript: the board of a past day equals a reading of
 * the seed CSV in this file (its rows submitted by the end of that day, ranked by average), the day is in the URL
 * and the title, and a day before the first data says so.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { csvParse } from "d3-dsv";
import type { BrowserContextOptions } from "playwright-core";
import { describe, expect, it } from "vitest";
import { root } from "../../scripts/app-server";
import { appInBrowser, chromePath } from "../support/browser";
import { scrollThroughBoard, shownModels } from "./board-rows";

const DESKTOP: BrowserContextOptions = { viewport: { width: 1440, height: 900 } };

const csv = csvParse(readFileSync(path.join(root, "data/open-llm-leaderboard-v2-final.csv"), "utf8"));
/** The CSV's board at the end of `day`: its rows dated by then, the highest average first. */
function boardOf(day: string) {
  return csv
    .filter((r) => (r.metadata_submission_date ?? "") !== "" && (r.metadata_submission_date as string) <= day)
    .map((r) => ({ model: (r.model_name ?? "").trim(), average: Number(r.model_average_score) }))
    .sort((a, b) => b.average - a.average);
}

const count = (n: number) => n.toLocaleString("en-US");

describe.skipIf(!chromePath)("the board as of a day in Chromium", () => {
  const app = appInBrowser();

  it("without JavaScript, the date control's GET form shows that day's board, dated, and days before the data say so", async () => {
    const context = await app.browser.newContext({ ...DESKTOP, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${app.server.url}/`);
    const day = "2024-09-01";
    const expected = boardOf(day);
    await page.locator("details.filters > summary").click();
    await page.getByLabel("end of day (UTC)").fill(day);
    await page.getByRole("button", { name: "Apply" }).click();
    await page.waitForURL(`${app.server.url}/?as_of=${day}`);
    expect(await page.title()).toBe(`Podium — the open LLM leaderboard as of ${day}`);
    expect(await page.getByLabel("end of day (UTC)").inputValue()).toBe(day);
    expect(await page.locator("p[aria-live]").textContent()).toMatch(
      new RegExp(`^${count(expected.length)} of ${count(expected.length)} evaluations`),
    );
    expect((await shownModels(page)).slice(0, 10)).toEqual(expected.slice(0, 10).map((r) => r.model));

    await page.locator("details.filters > summary").click();
    await page.getByLabel("end of day (UTC)").fill("2024-05-31");
    await page.getByRole("button", { name: "Apply" }).click();
    await page.waitForURL(`${app.server.url}/?as_of=2024-05-31`);
    expect(await page.locator("table.board tbody td.model").count()).toBe(0);
    await expect
      .poll(() => page.getByRole("status").textContent())
      .toContain("Nothing had been evaluated by the end of 2024-05-31: the board's first data is from 2024-06-08.");
    await page.getByRole("link", { name: "2024-06-08", exact: true }).click();
    await page.waitForURL(`${app.server.url}/?as_of=2024-06-08`);
    expect(await shownModels(page)).toEqual(boardOf("2024-06-08").map((r) => r.model));
    await context.close();
  });

  it("with JavaScript, the date control switches the board in place, the URL and title follow, and the URL shows the same without it", async () => {
    const context = await app.browser.newContext(DESKTOP);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${app.server.url}/`, { waitUntil: "networkidle" });
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));

    const day = "2024-07-01";
    const expected = boardOf(day);
    const dayRows = page.waitForResponse(
      (r) => r.url().includes("/api/v1/leaderboard/slices/") && r.url().includes(`as_of=${day}`),
    );
    await page.locator("details.filters > summary").click();
    await page.getByLabel("end of day (UTC)").fill(day);
    expect((await dayRows).status()).toBe(200);
    await expect.poll(() => page.url()).toBe(`${app.server.url}/?as_of=${day}`);
    await expect.poll(() => page.title()).toBe(`Podium — the open LLM leaderboard as of ${day}`);
    await expect
      .poll(() => page.locator("p[aria-live]").textContent())
      .toMatch(new RegExp(`^${count(expected.length)} of ${count(expected.length)} evaluations`));
    const inBrowser = await shownModels(page);
    expect(inBrowser.slice(0, 10)).toEqual(expected.slice(0, 10).map((r) => r.model));
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);

    const plain = await app.browser.newContext({ ...DESKTOP, javaScriptEnabled: false });
    const plainPage = await plain.newPage();
    expect((await plainPage.goto(page.url()))?.status()).toBe(200);
    // The island renders the rows as its frame scrolls to them: scrolled through, its table holds the server's rows.
    const served = await shownModels(plainPage);
    expect(served.length).toBe(Math.min(100, expected.length));
    await scrollThroughBoard(page);
    expect(await shownModels(page)).toEqual(served);
    await plain.close();

    // Emptying the control is today's board again, every row of the CSV on it.
    await page.getByLabel("end of day (UTC)").fill("");
    await expect.poll(() => page.url()).toBe(`${app.server.url}/`);
    await expect
      .poll(() => page.locator("p[aria-live]").textContent())
      .toMatch(new RegExp(`^${count(csv.length)} of ${count(csv.length)} evaluations`));
    expect(await page.title()).toBe("Podium — the open LLM leaderboard");
    expect(errors).toEqual([]);
    await context.close();
  });
});
