/** Finds a Chromium for the browser tests: CHROME_PATH, else the usual install paths. */
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { root, startAppServer, type AppServer, type AppServerOptions } from "../../scripts/app-server";

/** Where browser tests write their screenshots. */
export const shots = path.join(root, "test-results");

const candidates = [
  process.env.CHROME_PATH,
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
].filter((p): p is string => Boolean(p));

export const chromePath = candidates.find((p) => existsSync(p));

const HOW_TO_INSTALL =
  "No Chromium found (set CHROME_PATH or install one: `sudo apt-get install chromium` on Debian/Ubuntu).";

if (!chromePath) {
  // Under CI a missing browser is a failure, not a skip.
  if (process.env.CI === "true") throw new Error(HOW_TO_INSTALL);
  console.warn(`${HOW_TO_INSTALL} Skipping the browser tests.`);
}

/** Launches headless Chromium with the flags this sandboxed, offline machine needs. */
export function launchBrowser(): Promise<Browser> {
  if (!chromePath) throw new Error(HOW_TO_INSTALL);
  return chromium.launch({
    executablePath: chromePath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * For one test file: the app served from the built Worker (seeded unless `options` say otherwise) and a Chromium,
 * started before the file's tests and closed after them. Read `.server` and `.browser` inside tests.
 */
export function appInBrowser(options?: AppServerOptions): { readonly server: AppServer; readonly browser: Browser } {
  const held = {} as { server: AppServer; browser: Browser };
  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    // A write publishes the board before it answers, as the workers tests run (vitest.config.ts): a page read
    // after a write shows it, with no wait on the publisher's interval.
    const vars = { BOARD_PUBLISH_SECONDS: "0", ...options?.vars };
    [held.server, held.browser] = await Promise.all([startAppServer({ ...options, vars }), launchBrowser()]);
  });
  afterAll(async () => {
    await held.browser?.close();
    await held.server?.stop();
  });
  return held;
}
