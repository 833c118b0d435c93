/**
 * The model page's model-card section in Chromium, under the real Content-Security-Policy: the copy island puts
 * the clipboard exactly the text the API serves, without JavaScript the same text sits in read-only text areas
 * and no button appears, and pages without snippets never load the island.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { appInBrowser, chromePath, shots } from "../support/browser";

const LEADER = "MaziyarPanahi/calme-3.2-instruct-78b";

describe.skipIf(!chromePath)("the model-card section in Chromium", () => {
  const app = appInBrowser();

  const served = async (file: string) => {
    const res = await fetch(`${app.server.url}/api/v1/models/${LEADER}/${file}`);
    expect(res.status, file).toBe(200);
    return res.text();
  };

  it("copies the API's YAML and Markdown, and a badge snippet, with no policy violation", async () => {
    const context = await app.browser.newContext({ viewport: { width: 1000, height: 900 } });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.server.url });
    const page = await context.newPage();
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(`${app.server.url}/models/${LEADER}`);
    const clipboard = () => page.evaluate(() => navigator.clipboard.readText());

    for (const [target, file] of [
      ["card-model-index", "model-index.yaml"],
      ["card-markdown", "model-card.md"],
    ] as const) {
      const text = await served(file);
      expect(await page.locator(`#${target}`).inputValue()).toBe(text);
      const button = page.locator(`button[data-copy="${target}"]`);
      await button.click();
      await expect.poll(clipboard).toBe(text);
      expect(await button.locator("xpath=following-sibling::*[@role='status']").textContent()).toBe("Copied");
    }
    await page.locator('details[data-metric="rank"] button[data-copy="badge-rank-markdown"]').click();
    await expect.poll(clipboard).toBe(await page.locator("#badge-rank-markdown").inputValue());
    expect(await page.getByRole("button", { name: "Copy the model-index YAML" }).count()).toBe(1);

    await page.locator("#card-snippets-title").scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, "model-card.png") });
    expect(violations).toEqual([]);
    await context.close();
  });

  it("without JavaScript shows the same text, read-only and selectable, and no button", async () => {
    const context = await app.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${app.server.url}/models/${LEADER}`);
    const yaml = page.locator("#card-model-index");
    expect(await yaml.inputValue()).toBe(await served("model-index.yaml"));
    expect(await yaml.getAttribute("readonly")).not.toBeNull();
    expect(await page.locator("#card-markdown").inputValue()).toBe(await served("model-card.md"));
    expect(await page.locator("button[data-copy]").count()).toBe(0);
    await context.close();
  });

  it("is loaded only by pages with something to copy", async () => {
    const page = await app.browser.newPage();
    const scripts = async (url: string) => {
      await page.goto(`${app.server.url}${url}`);
      return page.locator("script[src]").evaluateAll((s) => s.map((e) => e.getAttribute("src") ?? ""));
    };
    expect(await scripts(`/models/${LEADER}`)).toEqual([expect.stringMatching(/^\/assets\/copy-\w+\.js$/)]);
    expect(await scripts("/")).toEqual([expect.stringMatching(/^\/assets\/board-\w+\.js$/)]);
    for (const url of ["/about", "/queue", `/compare?models=${LEADER}`]) expect(await scripts(url), url).toEqual([]);
    await page.close();
  });
});
