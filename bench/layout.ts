/**
 * The board's UI figures (issue 16), on the real board (the final leaderboard data, 4,576 rows): each search
 * keystroke's input-to-next-paint on the phone profile with a 4× slower CPU, by the Event Timing API, and
 * Lighthouse 13's four categories (mobile) on `/` and a model page. Prints a Markdown section for BENCHMARKS.md.
 *
 *   npx tsx bench/layout.ts
 */
import type { Browser } from "playwright-core";
import { buildWorker, startAppServer } from "../scripts/app-server";
import { launchBrowser } from "../test/support/browser";
import { lighthouseReport } from "./browser";

const MODEL = "/models/MaziyarPanahi/calme-3.2-instruct-78b";
/** Typed one key at a time; each prefix changes the rows shown. */
const WORDS = ["qwen2.5", "llama-3", "mistral", "gemma-2"];
// Lighthouse's default mobile device, as bench/browser.ts emulates it.
const PHONE = {
  viewport: { width: 412, height: 823 },
  deviceScaleFactor: 1.75,
  isMobile: true,
  hasTouch: true,
};
/** Chromium reports no interaction shorter than this (the Event Timing API's smallest threshold), ms. */
const THRESHOLD = 16;

interface Keystrokes {
  keystrokes: number;
  /** Input-to-next-paint per keystroke, ms; a keystroke Chromium did not report took under THRESHOLD. */
  toPaint: number[];
  reported: number;
}

async function typeOnPhone(browser: Browser, url: string): Promise<Keystrokes> {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  try {
    await page.goto(url, { waitUntil: "networkidle" });
    const input = page.locator("#board-search");
    const loaded = page.waitForResponse((r) => r.url().includes("/api/v1/leaderboard/slices/") && r.ok(), {
      timeout: 60_000,
    });
    await input.focus();
    await (await loaded).finished();
    await page.waitForTimeout(1000);
    await page.evaluate((threshold) => {
      const w = window as unknown as { __events: Array<{ id: number; duration: number }> };
      w.__events = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as PerformanceEventTiming[]) {
          if (e.interactionId) w.__events.push({ id: e.interactionId, duration: e.duration });
        }
      }).observe({ type: "event", durationThreshold: threshold } as PerformanceObserverInit);
    }, THRESHOLD);
    let keystrokes = 0;
    for (const word of WORDS) {
      await input.fill("");
      await page.waitForTimeout(500);
      for (const key of word) {
        await page.keyboard.press(key);
        keystrokes++;
        await page.waitForTimeout(300);
      }
    }
    await page.waitForTimeout(1000);
    const events = await page.evaluate(
      () => (window as unknown as { __events: Array<{ id: number; duration: number }> }).__events,
    );
    // One interaction (keydown, input, keyup) is one keystroke: its longest event is its input-to-next-paint.
    const byInteraction = new Map<number, number>();
    for (const e of events) byInteraction.set(e.id, Math.max(byInteraction.get(e.id) ?? 0, e.duration));
    const reported = [...byInteraction.values()];
    // The `fill("")` between words is no keystroke, and is not typed with the keyboard: it reports no interaction.
    const toPaint = [...reported, ...Array<number>(Math.max(0, keystrokes - reported.length)).fill(0)];
    return { keystrokes, toPaint: toPaint.sort((a, b) => a - b), reported: reported.length };
  } finally {
    await context.close();
  }
}

const quantile = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
const ms = (v: number) => (v < THRESHOLD ? `< ${THRESHOLD} ms` : `${v.toFixed(0)} ms`);

/** Lighthouse on a loaded machine now and then fails to record its trace (NO_NAVSTART): such a run is run again. */
async function lighthouse(url: string, attempts = 3): Promise<Record<string, number>> {
  for (let i = 1; ; i++) {
    try {
      return await lighthouseOnce(url);
    } catch (err) {
      if (i >= attempts) throw err;
    }
  }
}

async function lighthouseOnce(url: string): Promise<Record<string, number>> {
  const report = await lighthouseReport(url, ["performance", "accessibility", "best-practices", "seo"], 180_000);
  const scores = Object.fromEntries(
    Object.entries(report.categories).map(([k, c]) => [k, Math.round((c.score ?? 0) * 100)]),
  );
  const failed = Object.entries(report.audits)
    .filter(([, a]) => a.score !== null && a.score < 1)
    .map(([id]) => id);
  return { ...scores, failed: failed.length, ...Object.fromEntries(failed.map((id) => [`failed:${id}`, 1])) };
}

async function main() {
  buildWorker();
  const server = await startAppServer();
  const browser = await launchBrowser();
  const print = (...text: string[]) => process.stdout.write(`${text.join("\n")}\n`);
  try {
    const typed = await typeOnPhone(browser, `${server.url}/`);
    const median = quantile(typed.toPaint, 0.5);
    const p75 = quantile(typed.toPaint, 0.75);
    print(
      `Keystrokes on the real board (4,576 rows), phone profile, CPU 4× slower: ${typed.keystrokes} keys (${WORDS.join(", ")}),`,
      `input-to-next-paint median ${ms(median)}, p75 ${ms(p75)}, max ${ms(quantile(typed.toPaint, 1))};`,
      `${typed.reported} of ${typed.keystrokes} took ${THRESHOLD} ms or more (Event Timing reports no shorter one).`,
      "",
      "| Page (Lighthouse 13, mobile) | Performance | Accessibility | Best practices | SEO |",
      "| --- | ---: | ---: | ---: | ---: |",
    );
    for (const [name, url] of [
      ["`/`", "/"],
      ["model page", MODEL],
    ] as const) {
      const s = await lighthouse(`${server.url}${url}`);
      print(`| ${name} | ${s.performance} | ${s.accessibility} | ${s["best-practices"]} | ${s.seo} |`);
      const failed = Object.keys(s).filter((k) => k.startsWith("failed:"));
      if (failed.length) print(`<!-- ${name} audits below 1: ${failed.map((k) => k.slice(7)).join(", ")} -->`);
    }
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
