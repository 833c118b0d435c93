/**
 * The pages under their real Content-Security-Policy in Chromium: nothing they need is refused (the inline
 * stylesheet's hash matches, bar widths in style attributes apply, the island's module script runs), and markup
 * injected into the page is refused by the browser.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { chromePath, appInBrowser } from "../support/browser";

const LEADER = "MaziyarPanahi/calme-3.2-instruct-78b";
const PAGES = [
  "/",
  `/models/${LEADER}`,
  `/compare?models=${LEADER},Qwen/Qwen2.5-72B-Instruct`,
  "/queue",
  "/submit",
  "/about",
  "/docs",
];

describe.skipIf(!chromePath)("Content-Security-Policy in Chromium", () => {
  const app = appInBrowser();

  /** Opens the path (bypassCSP stays off) and collects every policy violation the page reports. */
  async function visit(path: string): Promise<{ page: Page; violations: string[] }> {
    const page = await app.browser.newPage();
    const violations: string[] = [];
    await page.exposeFunction("__reportViolation", (v: string) => violations.push(v));
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) => {
        (window as unknown as { __reportViolation(v: string): void }).__reportViolation(
          `${e.effectiveDirective} refused ${e.blockedURI || "inline"} (${e.sample})`,
        );
      });
    });
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    const res = await page.goto(`${app.server.url}${path}`, { waitUntil: "load" });
    expect(res?.status(), path).toBe(200);
    expect(res?.headers()["content-security-policy"], path).toMatch(/script-src 'self'/);
    return { page, violations };
  }

  it.each(PAGES)("%s runs under the policy with no violation, styled", async (path) => {
    const { page, violations } = await visit(path);
    // The inline stylesheet applied: the custom properties it defines on :root exist.
    const bg = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--bg"));
    expect(bg.trim()).not.toBe("");
    expect(violations).toEqual([]);
    await page.close();
  });

  it("applies bar widths from style attributes on the model page", async () => {
    const { page, violations } = await visit(`/models/${LEADER}`);
    const widths = await page
      .locator(".bar > span")
      .evaluateAll((spans) => spans.map((s) => (s as HTMLElement).getBoundingClientRect().width));
    expect(widths.length).toBeGreaterThan(0);
    expect(widths.some((w) => w > 0)).toBe(true);
    expect(violations).toEqual([]);
    await page.close();
  });

  it("gives static files (served without the Worker) the same transport and sniffing headers", async () => {
    const page = await app.browser.newPage();
    await page.goto(`${app.server.url}/`);
    const scripts = await page.locator("script[src]").evaluateAll((s) => s.map((e) => e.getAttribute("src") ?? ""));
    await page.close();
    for (const path of ["/favicon.svg", "/robots.txt", ...scripts]) {
      const res = await fetch(`${app.server.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(res.headers.get("strict-transport-security"), path).toBe("max-age=63072000; includeSubDomains");
      expect(res.headers.get("x-frame-options"), path).toBe("DENY");
      await res.arrayBuffer();
    }
  });

  it("refuses injected inline script, event handlers and foreign stylesheets", async () => {
    const { page, violations } = await visit("/about");
    const ran = await page.evaluate(async () => {
      const w = window as unknown as { __ran?: string[] };
      w.__ran = [];
      // The project's types are the Workers runtime's, whose Element is HTMLRewriter's: use the DOM untyped.
      const dom = document as any;
      const script = dom.createElement("script");
      script.textContent = "window.__ran.push('inline script')";
      dom.body.appendChild(script);
      const holder = dom.createElement("div");
      holder.innerHTML = `<img src="data:," onerror="window.__ran.push('event handler')">`;
      dom.body.appendChild(holder);
      const style = dom.createElement("style");
      style.textContent = "body{background:rgb(255,0,0)!important}";
      dom.head.appendChild(style);
      await new Promise((r) => setTimeout(r, 200));
      return { ran: w.__ran, background: getComputedStyle(document.body).backgroundColor };
    });
    expect(ran.ran).toEqual([]);
    expect(ran.background).not.toBe("rgb(255, 0, 0)");
    expect(violations.length).toBeGreaterThanOrEqual(3);
    await page.close();
  });
});
