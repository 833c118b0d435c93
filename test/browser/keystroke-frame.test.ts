import { describe, expect, it } from "vitest";
import { appInBrowser, chromePath } from "../support/browser";

/** The model names of the board's rows, as shown. */
const MODELS = () => [...document.querySelectorAll("table.board tbody tr td.model a")].map((a) => a.textContent ?? "");

describe.skipIf(!chromePath)("a keystroke in the board's search, in Chromium", () => {
  const app = appInBrowser();

  it("paints at most a screenful of rows new to the table in its frame, then fills in the server's rows", async () => {
    const context = await app.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    try {
      const page = await context.newPage();
      await page.goto(`${app.server.url}/`, { waitUntil: "networkidle" });
      const data = page.waitForResponse((r) => r.url().includes("/api/v1/leaderboard/slices/") && r.ok());
      await page.locator("#board-search").focus();
      await (await data).finished();
      const before = await page.evaluate(MODELS);
      expect(before).toHaveLength(100);

      // The rows in the DOM when the keystroke's frame starts painting: read in the frame's animation callbacks,
      // after the island's render (a microtask of the input event).
      const atFrame = page.evaluate(
        () =>
          new Promise<string[]>((resolve) => {
            const shown = () =>
              [...document.querySelectorAll("table.board tbody tr td.model a")].map((a) => a.textContent ?? "");
            document.addEventListener("input", () => requestAnimationFrame(() => resolve(shown())), { once: true });
          }),
      );
      await page.locator("#board-search").fill("gemma");
      const painted = await atFrame;
      const fresh = painted.filter((m) => !before.includes(m));
      expect(fresh.length).toBeGreaterThan(0);
      expect(fresh.length).toBeLessThanOrEqual(24);

      // The server's rows for the same view, without JavaScript, are what the table ends up holding.
      const plain = await app.browser.newContext({ javaScriptEnabled: false });
      const server = await plain.newPage();
      await server.goto(`${app.server.url}/?search=gemma`);
      const expected = await server.evaluate(MODELS);
      await plain.close();
      expect(expected.length).toBeGreaterThan(24);
      expect(expected.every((m) => m.toLowerCase().includes("gemma"))).toBe(true);
      await expect.poll(() => page.evaluate(MODELS)).toEqual(expected);
    } finally {
      await context.close();
    }
  });
});
