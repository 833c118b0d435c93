/**
 * Reading the board's rows in a browser test. The island's table keeps in the DOM only the rows up to just past its
 * frame's bottom, rendering more as the frame scrolls (web/components/board-window.ts): a test that reads every row
 * of a view the island rendered first scrolls the frame to its end, as someone reading the whole page of rows does,
 * until the table holds them all.
 */
import type { Page } from "playwright-core";
import { expect } from "vitest";

/** Scrolls the board's frame down until every row of the view is rendered, then back to its top. */
export async function scrollThroughBoard(page: Page): Promise<void> {
  await expect
    .poll(() =>
      page.evaluate(() => {
        const frame = document.querySelector(".table-wrap") as HTMLElement;
        frame.scrollTop = frame.scrollHeight;
        return document.querySelector("table.board")?.hasAttribute("aria-rowcount");
      }),
    )
    .toBe(false);
  await page.evaluate(() => {
    (document.querySelector(".table-wrap") as HTMLElement).scrollTop = 0;
  });
}

/** The model names of the board's rows in the DOM, top to bottom. */
export function shownModels(page: Page): Promise<string[]> {
  return page.locator("table.board tbody td.model a").allTextContents();
}
