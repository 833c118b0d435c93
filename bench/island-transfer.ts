/**
 * What the board's island costs a visitor's network at one board size, counted by Chromium itself (the bytes on
 * the wire, test/support/network.ts): the first page with everything it loads, then a search typed key by key and
 * a filter change, the flow test/browser/island-network.test.ts asserts on the real board. On a board up to the
 * island's threshold the search downloads the board's slice once; above it, each view is one API request.
 */
import type { Browser, Page } from "playwright-core";
import { recordNetwork, SLICE_PATH, totalBytes } from "../test/support/network";
import { ISLAND_VIEW_PATH } from "../worker/domain/board/wire";

export interface IslandTransfer {
  size: number;
  /** Bytes of the first page's load: the HTML, its scripts and styles. */
  firstPage: number;
  /** Bytes the search and the filter change transferred after it: data and code. */
  typing: number;
  slices: number;
  views: number;
  /** The largest single API view, 0 when there was none. */
  largestView: number;
}

const waitForUrl = (page: Page, url: string) => page.waitForURL(url, { timeout: 15_000 });

export async function measureIslandTransfer(browser: Browser, base: string, size: number): Promise<IslandTransfer> {
  const context = await browser.newContext({ viewport: { width: 412, height: 823 }, isMobile: true });
  try {
    const page = await context.newPage();
    const { done } = await recordNetwork(context, page);
    await page.goto(`${base}/`, { waitUntil: "networkidle" });
    const afterLoad = done.length;
    const box = page.getByLabel("Search models");
    await box.focus();
    await box.pressSequentially("qwen2.5", { delay: 40 });
    await waitForUrl(page, `${base}/?search=qwen2.5`);
    await page.locator("details.filters > summary").click();
    await page.locator('select[name="rank"]').selectOption("dynamic");
    await waitForUrl(page, `${base}/?search=qwen2.5&rank=dynamic`);
    await page.waitForLoadState("networkidle");
    const typing = done.slice(afterLoad);
    const views = typing.filter((t) => t.url.includes(ISLAND_VIEW_PATH));
    return {
      size,
      firstPage: totalBytes(done.slice(0, afterLoad)),
      typing: totalBytes(typing),
      slices: typing.filter((t) => t.url.includes(SLICE_PATH)).length,
      views: views.length,
      largestView: Math.max(0, ...views.map((v) => v.bytes)),
    };
  } finally {
    await context.close();
  }
}
