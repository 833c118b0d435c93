/**
 * The sign-in, submit, vote and sign-out flow in Chromium with JavaScript off: plain forms, same-origin POSTs (the
 * CSRF check sees the browser's own Origin header), per-field errors, the user's vote marked, sign-out ending the
 * session for every copy of its cookie, and no serious axe violations on /queue and /submit.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { root, startAppServer, type AppServer } from "../../scripts/app-server";
import { chromePath, launchBrowser } from "../support/browser";

const axeSource = readFileSync(path.join(root, "node_modules/axe-core/axe.min.js"), "utf8");
let server: AppServer;
let browser: Browser;

async function seriousViolations(page: Page): Promise<string[]> {
  // axe needs script: the accessibility check runs in a context with JavaScript on (the pages ship none).
  const violations = (await page.evaluate(async (source) => {
    // biome-ignore lint/security/noGlobalEval: axe must run in the page's global scope, as a <script> would.
    globalThis.eval(source);
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: any[] }> } }).axe;
    return (await axe.run()).violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help }));
  }, axeSource)) as { id: string; impact: string | null; help: string }[];
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help}`);
}

async function signedIn(name: string, javaScriptEnabled = false): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  await page.goto(`${server.url}/auth/login?return=/queue`);
  expect(new URL(page.url()).pathname).toBe("/signin");
  await page.fill("#user", name);
  await page.click("button[type=submit]");
  expect(new URL(page.url()).pathname).toBe("/queue");
  return { context, page };
}

describe.skipIf(!chromePath)("queue and submissions in a browser without JavaScript", () => {
  beforeAll(async () => {
    server = await startAppServer({ seed: false, vars: { DEV_AUTH: "true", HUB_OFFLINE: "true" } });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("signs in, submits with per-field errors, then queues with the submitter's vote marked", async () => {
    const { context, page } = await signedIn("ada");
    expect(await page.locator("header .account").textContent()).toContain("Signed in as ada");
    await page.goto(`${server.url}/submit`);
    await page.fill("#model", "not a model");
    await page.click("form.submit-form button[type=submit]");
    await expect(page.locator("#model-error").textContent()).resolves.toBe("must be a Hub model id, org/name");
    await expect(page.getAttribute("#model", "aria-invalid")).resolves.toBe("true");
    await page.fill("#model", "browser-org/model");
    await page.selectOption("#weight_type", "Adapter");
    await page.click("form.submit-form button[type=submit]");
    await expect(page.locator("#base_model-error").textContent()).resolves.toBe("Adapter weights need base_model");
    await page.selectOption("#weight_type", "Original");
    await page.click("form.submit-form button[type=submit]");
    expect(new URL(page.url()).pathname).toBe("/queue");
    const row = page.locator("tr[data-status=PENDING]", { hasText: "browser-org/model" });
    await expect(row.locator("td").nth(4).textContent()).resolves.toBe("1");
    await expect(row.locator("button").getAttribute("aria-pressed")).resolves.toBe("true");
    await context.close();
  });

  it("another user votes with the plain form, sees it marked and counted, and withdraws it", async () => {
    const { context, page } = await signedIn("bea");
    const row = page.locator("tr[data-status=PENDING]", { hasText: "browser-org/model" });
    await expect(row.locator("button").textContent()).resolves.toBe("Vote");
    await row.locator("button").click();
    await expect(page.locator("p.notice").textContent()).resolves.toBe("Vote recorded.");
    const after = page.locator("tr[data-status=PENDING]", { hasText: "browser-org/model" });
    await expect(after.locator("td").nth(4).textContent()).resolves.toBe("2");
    await expect(after.locator("button").getAttribute("aria-pressed")).resolves.toBe("true");
    await after.locator("button").click();
    await expect(page.locator("p.notice").textContent()).resolves.toBe("Vote withdrawn.");
    await context.close();
  });

  it("signs out with the header button, and everywhere from /account: a cookie copied before stops working", async () => {
    const me = (cookie: string) => fetch(`${server.url}/api/v1/me`, { headers: { cookie } }).then((r) => r.status);
    const copyOf = async (context: BrowserContext) => {
      const cookie = (await context.cookies()).find((c) => c.name === "podium_session")!;
      return `${cookie.name}=${cookie.value}`;
    };
    const laptop = await signedIn("dee");
    const copy = await copyOf(laptop.context);
    expect(await me(copy)).toBe(200);
    await laptop.page.click("header .account button[type=submit]");
    expect(new URL(laptop.page.url()).pathname).toBe("/");
    expect(await me(copy)).toBe(401);
    await laptop.context.close();

    const phone = await signedIn("eve");
    const tablet = await signedIn("eve");
    const tabletCopy = await copyOf(tablet.context);
    await phone.page.goto(`${server.url}/account`);
    await phone.page.click("form[action='/auth/logout/everywhere'] button");
    expect(new URL(phone.page.url()).pathname).toBe("/");
    expect(await me(tabletCopy)).toBe(401);
    await tablet.page.goto(`${server.url}/account`);
    await expect(tablet.page.locator("main h1 + p").textContent()).resolves.toContain("You are not signed in");
    await phone.context.close();
    await tablet.context.close();
  });

  it("has no serious accessibility violations on /queue and /submit", async () => {
    const { context, page } = await signedIn("cyd", true);
    for (const pathname of ["/queue", "/submit"]) {
      await page.goto(`${server.url}${pathname}`);
      expect(await seriousViolations(page)).toEqual([]);
    }
    await context.close();
  });
});
