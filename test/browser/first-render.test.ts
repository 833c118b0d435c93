/**
 * The board's first render waits for the whole table (web/document.tsx, `<link rel="expect" blocking="render">`):
 * Chromium then lays the table out once as the page loads, not again for each chunk of rows the parser adds.
 */
import { describe, expect, it } from "vitest";
import { appInBrowser, chromePath } from "../support/browser";

interface TraceEvent {
  name: string;
  ph: string;
  args?: { beginData?: { totalObjects?: number } };
}

describe.skipIf(!chromePath)("the board's first render, in Chromium", () => {
  const app = appInBrowser();

  it("lays out no part of the table before all its rows are parsed", async () => {
    // A phone with a 4× slower CPU, as Lighthouse's mobile run: the parser then yields often while the rows arrive.
    const context = await app.browser.newContext({ viewport: { width: 412, height: 823 }, isMobile: true });
    try {
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
      await app.browser.startTracing(page, { categories: ["devtools.timeline"] });
      await page.goto(`${app.server.url}/`, { waitUntil: "load" });
      const trace = JSON.parse((await app.browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
      expect(await page.locator("table.board tbody tr").count()).toBe(100);
      // Each layout's size: the layout objects in the tree when it ran.
      const sizes = trace.traceEvents
        .filter((e) => e.name === "Layout" && e.ph === "X")
        .map((e) => e.args?.beginData?.totalObjects ?? 0);
      const whole = Math.max(...sizes);
      // 100 rows of a dozen cells each: thousands of objects.
      expect(whole).toBeGreaterThan(2000);
      expect(sizes.filter((n) => n > 100 && n < whole * 0.9)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
