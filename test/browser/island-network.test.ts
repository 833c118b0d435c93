/**
 * What the board's island costs the network, measured by Chromium itself (CDP `Network.loadingFinished`
 * `encodedDataLength`, the bytes on the wire): typing a search and changing a filter on the real board; a second
 * visit to the same board version; and API mode, where the island never downloads the board and each view is a
 * page-sized request.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { appInBrowser, chromePath } from "../support/browser";
import { ISLAND_VIEW_PATH } from "../../worker/domain/board/wire";
import { recordNetwork, SLICE_PATH, totalBytes } from "../support/network";
import { scrollThroughBoard, shownModels } from "./board-rows";

const DESKTOP = { viewport: { width: 1440, height: 900 } };
const KB = 1024;

/** Types a search key by key, then changes a filter: what someone looking for a model does. */
async function searchThenFilter(page: Page, url: string) {
  const box = page.getByLabel("Search models");
  await box.focus();
  await box.pressSequentially("qwen2.5", { delay: 40 });
  await expect.poll(() => page.url(), { timeout: 15_000 }).toBe(`${url}/?search=qwen2.5`);
  // The rank mode is one of the controls the Filters disclosure holds.
  await page.locator("details.filters > summary").click();
  await page.locator('select[name="rank"]').selectOption("dynamic");
  await expect.poll(() => page.url(), { timeout: 15_000 }).toBe(`${url}/?search=qwen2.5&rank=dynamic`);
}

describe.skipIf(!chromePath)("the island's network on the real board", () => {
  const app = appInBrowser();

  it("a search of several keys, then a filter change, transfers at most 150 KB; a second visit, nothing", async () => {
    const context = await app.browser.newContext(DESKTOP);
    const page = await context.newPage();
    const { done } = await recordNetwork(context, page);
    await page.goto(`${app.server.url}/`, { waitUntil: "networkidle" });
    const afterLoad = done.length;
    await searchThenFilter(page, app.server.url);
    await page.waitForLoadState("networkidle");
    await expect
      .poll(async () => (await shownModels(page))[0]?.toLowerCase() ?? "", { timeout: 15_000 })
      .toContain("qwen2.5");
    const typing = done.slice(afterLoad);
    expect(typing.filter((t) => t.url.includes(SLICE_PATH))).toHaveLength(1);
    expect(typing.filter((t) => t.url.includes(ISLAND_VIEW_PATH) || t.url.includes("/rest"))).toEqual([]);
    // Everything the first search transfers, the board's data and the engine's code (one script chunk, immutable
    // for a year), within the 150 KB budget (KiB, as every size here).
    const code = typing.filter((t) => t.url.endsWith(".js"));
    const data = typing.filter((t) => !t.url.endsWith(".js"));
    expect(totalBytes(data)).toBeGreaterThan(100 * KB);
    expect(code.length).toBeLessThanOrEqual(1);
    expect(totalBytes(typing)).toBeLessThanOrEqual(150 * KB);

    // The same board version again: the slice's URL is immutable, so the browser's cache answers it. (Another
    // view of the page: a revalidated `/` comes back as a 304 whose headers Chromium merges into the cached page.)
    const again = await context.newPage();
    const second = await recordNetwork(context, again);
    await again.goto(`${app.server.url}/?sort=bbh`, { waitUntil: "networkidle" });
    const loaded = second.done.length;
    await again.getByLabel("Search models").focus();
    await again.getByLabel("Search models").pressSequentially("qwen2.5", { delay: 40 });
    await expect.poll(() => again.url(), { timeout: 15_000 }).toBe(`${app.server.url}/?search=qwen2.5&sort=bbh`);
    await again.waitForLoadState("networkidle");
    const slices = second.done.slice(loaded).filter((t) => t.url.includes(SLICE_PATH));
    expect(slices.length).toBeGreaterThan(0);
    expect(slices.every((t) => t.fromCache)).toBe(true);
    expect(totalBytes(slices)).toBe(0);
    expect(second.done.slice(loaded).filter((t) => t.url.includes("/api/") && !t.fromCache)).toEqual([]);
    await context.close();
  }, 120_000);
});

describe.skipIf(!chromePath)("the island's network in API mode (a board above the island's threshold)", () => {
  // The real board with the threshold lowered below it: the page then names no slice.
  const app = appInBrowser({ vars: { ISLAND_BOARD_MAX_ROWS: "1000" } });

  it("never downloads the board; each view costs one page-sized request, the newest answer shown", async () => {
    const context = await app.browser.newContext(DESKTOP);
    const page = await context.newPage();
    const { done } = await recordNetwork(context, page);
    await page.goto(`${app.server.url}/`, { waitUntil: "networkidle" });
    const firstPage = totalBytes(done.filter((t) => new URL(t.url).pathname === "/"));
    expect(firstPage).toBeGreaterThan(0);
    const afterLoad = done.length;
    await searchThenFilter(page, app.server.url);
    await page.waitForLoadState("networkidle");
    const expected = (await (
      await fetch(`${app.server.url}/api/v1/leaderboard?search=qwen2.5&rank=dynamic`)
    ).json()) as {
      data: Array<{ model: { id: string } }>;
    };
    await expect.poll(async () => (await shownModels(page))[0], { timeout: 15_000 }).toBe(expected.data[0]?.model.id);
    await scrollThroughBoard(page);
    expect(await shownModels(page)).toEqual(expected.data.map((e) => e.model.id));

    const typing = done.slice(afterLoad);
    expect(typing.filter((t) => t.url.includes(SLICE_PATH))).toEqual([]);
    const views = typing.filter((t) => t.url.includes(ISLAND_VIEW_PATH));
    // Keys typed faster than the debounce ask once, the filter once more; a request a newer view overtook is
    // aborted and never finishes.
    expect(views.length).toBeGreaterThanOrEqual(1);
    expect(views.length).toBeLessThanOrEqual(4);
    for (const view of views) expect(view.bytes).toBeLessThanOrEqual(50 * KB);
    expect(totalBytes(done)).toBeLessThanOrEqual(totalBytes(done.slice(0, afterLoad)) + 50 * KB * views.length);
    await context.close();
  }, 120_000);
});
