import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { appInBrowser, chromePath } from "../support/browser";
import { SLICE_PATH } from "../support/network";
import { scrollThroughBoard } from "./board-rows";

/** The model names of the board's rows, as shown. */
const MODELS = () => [...document.querySelectorAll("table.board tbody tr td.model a")].map((a) => a.textContent ?? "");

describe.skipIf(!chromePath)("a keystroke in the board's search, in Chromium", () => {
  const app = appInBrowser();

  /** The board on a new page of `context`, its search box focused and the island holding the board's slice. */
  async function boardHoldingSlice(context: BrowserContext): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${app.server.url}/`, { waitUntil: "networkidle" });
    const data = page.waitForResponse((r) => r.url().includes(SLICE_PATH) && r.ok());
    await page.locator("#board-search").focus();
    await (await data).finished();
    return page;
  }

  it("paints the typed character first, then at most the first screen's 12 rows in the next frame, renders the rest as the frame scrolls, and keeps every row reachable", async () => {
    const context = await app.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    try {
      const page = await boardHoldingSlice(context);
      const before = await page.evaluate(MODELS);
      expect(before).toHaveLength(100);

      // The rows in the DOM when the keystroke's frame starts painting, and when the frame after it does: read in
      // each frame's animation callbacks. The keystroke's own frame paints the typed character with the rows it
      // had; the view's rows follow in the next frame, at most a first screen of them.
      const frames = page.evaluate(
        () =>
          new Promise<[string[], string[]]>((resolve) => {
            const shown = () =>
              [...document.querySelectorAll("table.board tbody tr td.model a")].map((a) => a.textContent ?? "");
            document.addEventListener(
              "input",
              () =>
                requestAnimationFrame(() => {
                  const own = shown();
                  setTimeout(() => requestAnimationFrame(() => resolve([own, shown()])), 0);
                }),
              { once: true },
            );
          }),
      );
      await page.locator("#board-search").fill("gemma");
      const [own, next] = await frames;
      expect(own).toEqual(before);
      expect(next.filter((m) => !before.includes(m)).length).toBeGreaterThan(0);
      expect(next.length).toBeLessThanOrEqual(12);

      // The server's rows for the same view, without JavaScript.
      const plain = await app.browser.newContext({ javaScriptEnabled: false });
      const server = await plain.newPage();
      await server.goto(`${app.server.url}/?search=gemma`);
      const expected = await server.evaluate(MODELS);
      await plain.close();
      expect(expected).toHaveLength(100);
      expect(expected.every((m) => m.toLowerCase().includes("gemma"))).toBe(true);

      // Once the frame has settled, the DOM still holds only the rows near the frame, and says where they stand
      // among the view's (the header is row 1): a screen reader announces the view's size, not the DOM's.
      await page.waitForTimeout(500);
      const held = await page.evaluate(() => ({
        rowcount: document.querySelector("table.board")?.getAttribute("aria-rowcount"),
        header: document.querySelector("table.board thead tr")?.getAttribute("aria-rowindex"),
        indexes: [...document.querySelectorAll("table.board tbody tr")].map((tr) => tr.getAttribute("aria-rowindex")),
      }));
      expect(held.rowcount).toBe("101");
      expect(held.header).toBe("1");
      expect(held.indexes.length).toBeLessThan(100);
      expect(held.indexes).toEqual(held.indexes.map((_, i) => String(i + 2)));
      expect(await page.evaluate(MODELS)).toEqual(expected.slice(0, held.indexes.length));

      // Tab reaches the rows below: focus on the last rendered row scrolls it into the frame, the next rows render,
      // and the next Tab moves on to the row after it.
      const last = held.indexes.length + 1;
      await page.locator(`table.board tbody tr[aria-rowindex="${last}"] td.model a`).focus();
      await expect.poll(() => page.locator("table.board tbody tr").count()).toBeGreaterThan(held.indexes.length);
      await page.keyboard.press("Tab");
      expect(
        await page.evaluate(() => document.activeElement?.closest("tr")?.querySelector("td.model a")?.textContent),
      ).toBe(expected[held.indexes.length]);

      // Scrolled through, the table holds the server's rows, and no longer needs to say where they stand.
      await scrollThroughBoard(page);
      expect(await page.evaluate(MODELS)).toEqual(expected);
      expect(await page.locator("table.board tbody tr[aria-rowindex]").count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it("renders only the newest of the changes made before its frame", async () => {
    const context = await app.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    try {
      const page = await boardHoldingSlice(context);

      // Two searches with no model in common, typed in one task: the first must never reach the table.
      const added = await page.evaluate(
        () =>
          new Promise<string[]>((resolve) => {
            const names: string[] = [];
            new MutationObserver((records) => {
              for (const r of records)
                for (const node of r.addedNodes)
                  if (node instanceof Element)
                    for (const a of node.querySelectorAll("td.model a")) names.push(a.textContent ?? "");
            }).observe(document.body, { childList: true, subtree: true });
            const input = document.querySelector("#board-search") as HTMLInputElement;
            for (const value of ["gemma", "qwen"]) {
              input.value = value;
              input.dispatchEvent(new Event("input", { bubbles: true }));
            }
            setTimeout(() => resolve(names), 1000);
          }),
      );
      expect(added.length).toBeGreaterThan(0);
      expect(added.every((m) => m.toLowerCase().includes("qwen"))).toBe(true);
      expect((await page.evaluate(MODELS)).every((m) => m.toLowerCase().includes("qwen"))).toBe(true);
    } finally {
      await context.close();
    }
  });

  // Chromium reuses a stacking context's recorded paint when only something outside it changed. Without one, the
  // table's cells, its sticky ones among them, paint into the page's stacking context, and every keystroke records
  // the table's paint anew (BENCHMARKS.md, "The table's own stacking context", has the frame's thread times).
  // The filter panel opens over the table's first rows; the table's own stacking context must stay beneath it.
  it("keeps the table in a stacking context of its own, apart from the search box and beneath the open filters", async () => {
    const context = await app.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    try {
      const page = await context.newPage();
      await page.goto(`${app.server.url}/`);
      const frame = await page.evaluate(() => {
        const wrap = document.querySelector("table.board")?.parentElement as HTMLElement;
        return {
          isFrame: wrap.classList.contains("table-wrap"),
          isolation: getComputedStyle(wrap).isolation,
          holdsSearch: wrap.contains(document.querySelector("#board-search")),
        };
      });
      expect(frame).toEqual({ isFrame: true, isolation: "isolate", holdsSearch: false });

      await page.locator("details.filters > summary").click();
      const overlap = await page.evaluate(() => {
        const panel = document.querySelector(".filter-panel") as HTMLElement;
        const p = panel.getBoundingClientRect();
        const t = (document.querySelector("table.board") as HTMLElement).getBoundingClientRect();
        const top = Math.max(p.top, t.top);
        const bottom = Math.min(p.bottom, t.bottom, innerHeight);
        if (bottom - top < 4) return null;
        // Points along the shared band, the table's sticky first column among them.
        return [t.left + 4, (p.left + p.right) / 2, p.right - 4].map((x) => {
          const hit = document.elementFromPoint(x, (top + bottom) / 2);
          return hit !== null && panel.contains(hit);
        });
      });
      expect(overlap).toEqual([true, true, true]);
    } finally {
      await context.close();
    }
  });
});
