/**
 * Every page fits, in Chromium: at 390×844 (a phone) and 1280×800, light and dark, with and without JavaScript, no
 * page scrolls sideways, no cell or value is cut by its box (the board's model names excepted: they truncate with
 * the full name in their link's title), the header is one line, and the board's first screen holds its ranked
 * rows. axe finds no violation of any impact. Screenshots of each go to test-results/screenshots/.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { BrowserContextOptions, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { root } from "../../scripts/app-server";
import { appInBrowser, chromePath, shots } from "../support/browser";
import { createEvaluator, queueSubmission } from "../support/evaluator-client";

const axePath = path.join(root, "node_modules/axe-core/axe.min.js");
const screenshots = path.join(shots, "screenshots");
const LEADER = "MaziyarPanahi/calme-3.2-instruct-78b";
const SIZES = {
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1280, height: 800 } },
} satisfies Record<string, BrowserContextOptions>;
/** Ranked rows the first screen shows whole, per size (issue 16). */
const FIRST_SCREEN_ROWS = { phone: 8, desktop: 12 };

/** What overflows on the page as shown: the page's own sideways scroll, cut text, and a header of several lines. */
function overflows(page: Page) {
  return page.evaluate(() => {
    const cut: string[] = [];
    const selector = "td,th,dd,dt,li,h1,h2,h3,p,a,button,label,summary,code,.value,time,span.chip";
    for (const el of document.querySelectorAll<HTMLElement>(selector)) {
      if (el.closest(".visually-hidden") || el.getClientRects().length === 0) continue;
      const style = getComputedStyle(el);
      // A scroll container shows what it holds by scrolling (code blocks, the board's frame on a phone).
      if (style.overflowX === "auto" || style.overflowX === "scroll") continue;
      if (el.scrollWidth <= el.clientWidth + 1) continue;
      // A truncated model name: its link carries the full name, on hover (title) and focus (the link itself).
      const cell = el.closest("td.model");
      const link = cell ? cell.querySelector("a") : null;
      if (link && link.title === link.textContent) continue;
      cut.push(`${el.tagName.toLowerCase()}.${el.className}: ${el.textContent?.trim().slice(0, 40)}`);
    }
    const header = document.querySelector("header.site") as HTMLElement;
    // One line: every item of the header crosses one horizontal line (its boxes overlap vertically).
    const boxes = [...header.querySelectorAll<HTMLElement>(".brand, nav a, .account > *")]
      .filter((e) => e.getClientRects().length > 0)
      .map((e) => e.getBoundingClientRect());
    const line = Math.max(...boxes.map((b) => b.top)) < Math.min(...boxes.map((b) => b.bottom));
    return {
      pageScroll: document.documentElement.scrollWidth - window.innerWidth,
      cut: cut.slice(0, 8),
      headerOnOneLine: line,
    };
  });
}

/** The board's rows wholly inside the first screen, and whether the table's frame scrolls sideways. */
function firstScreen(page: Page) {
  return page.evaluate(() => {
    const frame = document.querySelector(".table-wrap") as HTMLElement;
    const bottom = Math.min(window.innerHeight, frame.getBoundingClientRect().bottom);
    // Whole from top to bottom, and its rank, model and average in sight (a phone scrolls the rest in the frame).
    const rows = [...document.querySelectorAll("table.board tbody tr")].filter((tr) => {
      const r = tr.getBoundingClientRect();
      const average = (tr.querySelector("td.average") as HTMLElement).getBoundingClientRect();
      return r.top >= 0 && r.bottom <= bottom && average.right <= window.innerWidth;
    });
    return { rows: rows.length, frameScroll: frame.scrollWidth - frame.clientWidth };
  });
}

async function violations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axePath });
  const found = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run()).violations;
  })) as { id: string; impact: string | null; nodes: { target: string[] }[] }[];
  return found.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

describe.skipIf(!chromePath)("every page fits, phone and desktop, light and dark", () => {
  const app = appInBrowser({ vars: { DEV_AUTH: "true", HUB_OFFLINE: "true" } });
  const pages: [string, string][] = [];

  beforeAll(async () => {
    const url = app.server.url;
    // A queued model with a long name, and an evaluator with its record, so those pages have rows to fit.
    await queueSubmission(url, "layout-user", "a-rather-long-organisation/an-equally-long-model-name-7b-instruct");
    const evaluator = await createEvaluator(url, { name: "layout lab", trust: "community" });
    pages.push(
      ["board", "/"],
      ["model", `/models/${LEADER}`],
      ["compare", `/compare?models=${LEADER},Qwen/Qwen2.5-72B-Instruct,meta-llama/Meta-Llama-3.1-70B-Instruct`],
      ["queue", "/queue"],
      ["submit", "/submit"],
      ["account", "/account"],
      ["about", "/about"],
      ["docs", "/docs"],
      ["evaluator", `/evaluators/${evaluator.id}`],
      ["moderation", "/moderation"],
    );
    mkdirSync(screenshots, { recursive: true });
  });

  for (const [size, options] of Object.entries(SIZES) as [keyof typeof SIZES, BrowserContextOptions][]) {
    for (const colorScheme of ["light", "dark"] as const) {
      for (const javaScriptEnabled of [true, false]) {
        const label = `${size} ${colorScheme}${javaScriptEnabled ? "" : " without JavaScript"}`;
        it(`${label}: no sideways scroll, no cut value, a one-line header, the ranking on the first screen`, async () => {
          const context = await app.browser.newContext({ ...options, colorScheme, javaScriptEnabled });
          const page = await context.newPage();
          for (const [name, url] of pages) {
            const res = await page.goto(`${app.server.url}${url}`);
            expect(res?.status(), name).toBe(200);
            const found = await overflows(page);
            expect.soft(found.pageScroll, `${name} ${label}: page scrolls sideways`).toBeLessThanOrEqual(0);
            expect.soft(found.cut, `${name} ${label}: cut values`).toEqual([]);
            expect.soft(found.headerOnOneLine, `${name} ${label}: header on one line`).toBe(true);
            if (name === "board") {
              const screen = await firstScreen(page);
              expect
                .soft(screen.rows, `${label}: ranked rows on the first screen`)
                .toBeGreaterThanOrEqual(FIRST_SCREEN_ROWS[size]);
              if (size === "desktop") expect.soft(screen.frameScroll, `${label}: the table scrolls sideways`).toBe(0);
            }
            if (javaScriptEnabled) {
              await page.screenshot({ path: path.join(screenshots, `${name}-${size}-${colorScheme}.png`) });
            }
          }
          await context.close();
        });
      }
      it(`${size} ${colorScheme}: axe finds no violation of any impact on any page`, async () => {
        const context = await app.browser.newContext({ ...options, colorScheme, bypassCSP: true });
        const page = await context.newPage();
        for (const [name, url] of pages) {
          await page.goto(`${app.server.url}${url}`);
          expect.soft(await violations(page), `${name} ${size} ${colorScheme}`).toEqual([]);
        }
        await context.close();
      });
    }
  }
});
