/**
 * Measurements in Chromium: LCP of `/` on an emulated phone with a 4× slower CPU, Lighthouse's performance
 * score, and how long the board island takes to show a filtered view after a keystroke.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { Browser } from "playwright-core";
import { root } from "../scripts/app-server";
import { chromePath, launchBrowser } from "../test/support/browser";

// Lighthouse's default mobile device (a Moto G Power class phone).
const PHONE = {
  viewport: { width: 412, height: 823 },
  deviceScaleFactor: 1.75,
  isMobile: true,
  hasTouch: true,
  userAgent:
    "Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36",
};

export interface LcpResult {
  /** Median over the runs, ms. */
  lcp: number;
  runs: number[];
  /** The LCP element, for the report (e.g. `TD`, `H1`). */
  element: string;
}

/** LCP of `url`, each run in a fresh context (cold cache) on the phone profile with CPU throttled 4×. */
export async function measureLcp(browser: Browser, url: string, runs = 3): Promise<LcpResult> {
  const times: number[] = [];
  let element = "";
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
    await page.addInitScript(() => {
      const w = window as unknown as { __lcp: { time: number; element: string } };
      w.__lcp = { time: 0, element: "" };
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as Array<PerformanceEntry & { element?: Element | null }>) {
          w.__lcp = { time: entry.startTime, element: entry.element?.tagName ?? "" };
        }
      }).observe({ type: "largest-contentful-paint", buffered: true });
    });
    await page.goto(url, { waitUntil: "load" });
    // LCP candidates stop at the first input; a short settle lets late paints (island hydration) report.
    await page.waitForTimeout(1000);
    const lcp = await page.evaluate(() => (window as unknown as { __lcp: { time: number; element: string } }).__lcp);
    times.push(lcp.time);
    element = lcp.element;
    await context.close();
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { lcp: sorted[Math.floor(sorted.length / 2)]!, runs: times, element };
}

export interface FilterResult {
  /** Rows the island holds (the board size it filters). */
  rows: number;
  /** Keystroke to the table's DOM changed, ms (median). */
  toDom: number;
  /** Keystroke to the next frame after the change, ms (median). */
  toFrame: number;
  runs: number[];
  /**
   * Real keystrokes typed one by one, timed by the browser's Event Timing API: per keystroke, input delay plus
   * handlers (`processing`) and the whole time to the next paint (`toPaint`), ms. Chromium reports only
   * interactions of EVENT_TIMING_MIN_MS or more, so a keystroke missing here answered within a frame.
   */
  typed: { keystrokes: number; reported: number; processing: number[]; toPaint: number[]; perKeystroke: RenderCost };
}

/** Main-thread time per keystroke by kind (Chromium's Performance.getMetrics deltas), ms. */
export interface RenderCost {
  script: number;
  style: number;
  layout: number;
  /** Every main-thread task, the above included. */
  tasks: number;
}

export type FilterOutcome = { measured: true; result: FilterResult } | { measured: false; reason: string };

/**
 * Types into the board's search box and times the island's answer: from the `input` event to the table body's
 * mutation, and to the frame after it. Needs the island; says why when it is not there.
 */
export async function measureIslandFilter(browser: Browser, url: string, boardSize: number): Promise<FilterOutcome> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  try {
    await page.goto(url, { waitUntil: "networkidle" });
    const hasIsland = await page.evaluate(() => document.querySelector('script[type="module"]') !== null);
    if (!hasIsland)
      return { measured: false, reason: "`/` ships no island script (web/islands/ has no board island yet)" };
    const input = page.locator('input[type="search"], input[name="search"]').first();
    if ((await input.count()) === 0) return { measured: false, reason: "`/` has no search box" };
    // The island fetches the full dataset when the board is first reached for (focus, pointer); keystrokes are
    // timed once it holds every row, not while it downloads them.
    const loaded = page.waitForResponse((r) => r.request().resourceType() === "fetch" && r.ok(), { timeout: 30_000 });
    await input.focus();
    await (await loaded).finished();
    await page.waitForLoadState("networkidle");
    await page.waitForTimeout(300);
    // Each term differs from the one before, so every keystroke changes the rows shown.
    const terms = ["llama", "qwen", "mistral", "gemma", "phi", "yi", "7b", "instruct", "merge", "llama"];
    const times: Array<{ dom: number; frame: number }> = [];
    for (const term of terms) {
      const timing = await input.evaluate(
        (el, value) =>
          new Promise<{ dom: number; frame: number } | null>((resolve) => {
            const target =
              document.querySelector("table.board tbody") ?? document.querySelector("table tbody") ?? document.body;
            const start = performance.now();
            let dom = 0;
            const observer = new MutationObserver(() => {
              observer.disconnect();
              dom = performance.now() - start;
              requestAnimationFrame(() => setTimeout(() => resolve({ dom, frame: performance.now() - start })));
            });
            observer.observe(target, { childList: true, subtree: true, characterData: true });
            setTimeout(() => {
              observer.disconnect();
              resolve(null);
            }, 3000);
            (el as HTMLInputElement).value = value;
            el.dispatchEvent(new Event("input", { bubbles: true }));
          }),
        term,
      );
      if (timing === null)
        return { measured: false, reason: `typing "${term}" changed nothing in the table within 3 s` };
      times.push(timing);
    }
    const typed = await typeAndTime(page, input, "mistral");
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    return {
      measured: true,
      result: {
        rows: boardSize,
        toDom: median(times.map((t) => t.dom)),
        toFrame: median(times.map((t) => t.frame)),
        runs: times.map((t) => t.frame),
        typed,
      },
    };
  } finally {
    await context.close();
  }
}

type Page = Awaited<ReturnType<Browser["newPage"]>>;

/** Chromium reports no interaction shorter than this (the Event Timing API's smallest threshold), ms. */
export const EVENT_TIMING_MIN_MS = 16;

async function typeAndTime(
  page: Page,
  input: ReturnType<Page["locator"]>,
  word: string,
): Promise<FilterResult["typed"]> {
  await input.fill("");
  await page.waitForTimeout(300);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  const metrics = async () => {
    const { metrics: list } = (await cdp.send("Performance.getMetrics")) as {
      metrics: Array<{ name: string; value: number }>;
    };
    const get = (name: string) => (list.find((m) => m.name === name)?.value ?? 0) * 1000;
    return {
      script: get("ScriptDuration"),
      style: get("RecalcStyleDuration"),
      layout: get("LayoutDuration"),
      tasks: get("TaskDuration"),
    };
  };
  await page.evaluate((threshold) => {
    const w = window as unknown as { __events: Array<{ id: number; start: number; end: number; duration: number }> };
    w.__events = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as PerformanceEventTiming[]) {
        if (e.interactionId)
          w.__events.push({ id: e.interactionId, start: e.startTime, end: e.processingEnd, duration: e.duration });
      }
    }).observe({ type: "event", durationThreshold: threshold } as PerformanceObserverInit);
  }, EVENT_TIMING_MIN_MS);
  const before = await metrics();
  for (const key of word) {
    await page.keyboard.press(key);
    await page.waitForTimeout(200);
  }
  await page.waitForTimeout(500);
  const after = await metrics();
  const perKeystroke: RenderCost = {
    script: (after.script - before.script) / word.length,
    style: (after.style - before.style) / word.length,
    layout: (after.layout - before.layout) / word.length,
    tasks: (after.tasks - before.tasks) / word.length,
  };
  const events = await page.evaluate(
    () =>
      (window as unknown as { __events: Array<{ id: number; start: number; end: number; duration: number }> }).__events,
  );
  const byInteraction = new Map<number, { start: number; end: number; duration: number }>();
  for (const e of events) {
    const seen = byInteraction.get(e.id);
    byInteraction.set(
      e.id,
      seen
        ? {
            start: Math.min(seen.start, e.start),
            end: Math.max(seen.end, e.end),
            duration: Math.max(seen.duration, e.duration),
          }
        : e,
    );
  }
  const interactions = [...byInteraction.values()];
  return {
    keystrokes: word.length,
    reported: interactions.length,
    processing: interactions.map((i) => i.end - i.start),
    toPaint: interactions.map((i) => i.duration),
    perKeystroke,
  };
}

export interface LighthouseResult {
  score: number;
  lcp: number;
  fcp: number;
  tbt: number;
  cls: number;
  speedIndex: number;
}

const run = promisify(execFile);

/** A Lighthouse report's parts the benches read. */
export interface LighthouseReport {
  categories: Record<string, { score: number | null }>;
  audits: Record<string, { score: number | null; numericValue?: number; title: string }>;
}

/** One Lighthouse run of `categories` (its default mobile profile, simulated throttling), its report parsed. */
export async function lighthouseReport(url: string, categories: string[], timeout: number): Promise<LighthouseReport> {
  if (!chromePath) throw new Error("no Chromium");
  const dir = mkdtempSync(path.join(tmpdir(), "podium-lh-"));
  try {
    const out = path.join(dir, "report.json");
    await run(
      path.join(root, "node_modules/.bin/lighthouse"),
      [
        url,
        `--only-categories=${categories.join(",")}`,
        "--output=json",
        `--output-path=${out}`,
        "--quiet",
        "--chrome-flags=--headless --no-sandbox --disable-gpu --disable-background-networking",
      ],
      { env: { ...process.env, CHROME_PATH: chromePath }, timeout },
    );
    return JSON.parse(readFileSync(out, "utf8")) as LighthouseReport;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One Lighthouse run, performance category only. */
export async function runLighthouse(url: string): Promise<LighthouseResult> {
  const report = await lighthouseReport(url, ["performance"], 120_000);
  const audit = (id: string) => report.audits[id]?.numericValue ?? Number.NaN;
  return {
    score: Math.round((report.categories.performance?.score ?? 0) * 100),
    lcp: audit("largest-contentful-paint"),
    fcp: audit("first-contentful-paint"),
    tbt: audit("total-blocking-time"),
    cls: audit("cumulative-layout-shift"),
    speedIndex: audit("speed-index"),
  };
}

export { chromePath, launchBrowser };
