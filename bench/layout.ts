/**
 * The board's UI figures (issue 16), on the real board (the final leaderboard data, 4,576 rows): each search
 * keystroke's input-to-next-paint on the phone profile with a 4× slower CPU, by the Event Timing API, and
 * Lighthouse 13's four categories (mobile) on `/` and a model page. Prints a Markdown section for BENCHMARKS.md.
 * Beside the wall-clock figures, which the shared machine's load inflates, it reads what the load does not move
 * much: the rows and elements the table holds after the typing, and each keystroke's main-thread thread time from
 * a DevTools trace (its input task's script, the style and layout that follow it, the next frame's paint).
 *
 *   npx tsx bench/layout.ts                                  # build, type, Lighthouse
 *   npx tsx bench/layout.ts before=bench/results/a after=bench/results/b   # type on each private build, back to back
 *
 * A private build is a copy of dist/worker and dist/client under bench/results/ (workerd refuses paths outside the
 * project), made from the commit to compare (`npx wrangler deploy --dry-run --outdir dist/worker`, then copy dist/).
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import type { Browser } from "playwright-core";
import { buildWorker, root, startAppServer } from "../scripts/app-server";
import { launchBrowser } from "../test/support/browser";
import { SLICE_PATH } from "../test/support/network";
import { EVENT_TIMING_MIN_MS, lighthouseReport } from "./browser";

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

interface Keystrokes {
  keystrokes: number;
  /** Input-to-next-paint per keystroke, ms; a keystroke Chromium did not report took under EVENT_TIMING_MIN_MS. */
  toPaint: number[];
  reported: number;
  /** Per keystroke that changed the view, from the key to the end of the frame that painted that view, ms, sorted. */
  toViewPainted: number[];
  /** Rows in the table's body, and elements in it, after the last keystroke has settled. */
  rows: number;
  elements: number;
  /** Per keystroke, main-thread thread time (4× slower CPU), ms, each sorted. */
  threadMs: ThreadTimes;
}

/** An Event Timing entry of an interaction, as the page records it. */
interface TimedEvent {
  id: number;
  name: string;
  duration: number;
}

interface ThreadTimes {
  /** The input event's script (the island's render included when it renders in the input's task, a microtask of its listener). */
  script: number[];
  /** The style and layout the editing code forces after the input event, in the same task. */
  styleLayout: number[];
  /** The keystroke's whole task. */
  task: number[];
  /** Pre-paint, paint, layerize and commit of the frame after it. */
  paint: number[];
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; data?: { type?: string } };
}

/** Each keystroke's thread times, from the renderer's main thread: a keystroke is the task dispatching textInput. */
function threadTimes(trace: { traceEvents: TraceEvent[] }): ThreadTimes {
  const meta = trace.traceEvents.find((e) => e.name === "thread_name" && e.args?.name === "CrRendererMain");
  const main = trace.traceEvents
    .filter((e) => e.ph === "X" && e.pid === meta?.pid && e.tid === meta?.tid)
    .sort((a, b) => a.ts - b.ts);
  const end = (e: TraceEvent) => e.ts + (e.dur ?? 0);
  const within = (outer: TraceEvent) => main.filter((e) => e !== outer && e.ts >= outer.ts && end(e) <= end(outer));
  const thread = (list: readonly TraceEvent[], names: readonly string[]) =>
    list.filter((e) => names.includes(e.name)).reduce((sum, e) => sum + (e.tdur ?? 0) / 1000, 0);
  const times: ThreadTimes = { script: [], styleLayout: [], task: [], paint: [] };
  const tasks = main.filter((e) => e.name === "RunTask");
  for (const task of tasks) {
    const inner = within(task);
    const input = inner.find((e) => e.name === "EventDispatch" && e.args?.data?.type === "input");
    if (!input || !inner.some((e) => e.args?.data?.type === "textInput")) continue;
    const frame = tasks.find((e) => e.ts >= end(task) && within(e).some((k) => k.name === "Paint"));
    times.script.push((input.tdur ?? 0) / 1000);
    times.styleLayout.push(
      thread(
        inner.filter((e) => e.ts >= end(input)),
        ["UpdateLayoutTree", "Layout"],
      ),
    );
    times.task.push((task.tdur ?? 0) / 1000);
    times.paint.push(frame ? thread(within(frame), ["PrePaint", "Paint", "Layerize", "Commit"]) : 0);
  }
  for (const list of Object.values(times)) list.sort((a: number, b: number) => a - b);
  return times;
}

async function typeOnPhone(browser: Browser, url: string): Promise<Keystrokes> {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  try {
    await page.goto(url, { waitUntil: "networkidle" });
    const input = page.locator("#board-search");
    const loaded = page.waitForResponse((r) => r.url().includes(SLICE_PATH) && r.ok(), {
      timeout: 60_000,
    });
    await input.focus();
    await (await loaded).finished();
    await page.waitForTimeout(1000);
    await page.evaluate((threshold) => {
      const w = window as unknown as { __events: TimedEvent[]; __viewPainted: number[] };
      w.__events = [];
      // From a keystroke to the end of the frame that paints the island's first change after it (the rows, the
      // count): the view the key asked for, on screen. Read after that frame, from a timer its animation callback set.
      w.__viewPainted = [];
      let typedAt: number | null = null;
      document.addEventListener("input", (e) => {
        if ((e.target as Element | null)?.id === "board-search") typedAt ??= e.timeStamp;
      });
      const island = document.querySelector("table.board")?.closest("[data-island-root]") ?? document.body;
      new MutationObserver(() => {
        if (typedAt === null) return;
        const from = typedAt;
        typedAt = null;
        requestAnimationFrame(() => setTimeout(() => w.__viewPainted.push(performance.now() - from), 0));
      }).observe(island, { childList: true, subtree: true, characterData: true });
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as PerformanceEventTiming[]) {
          if (e.interactionId) w.__events.push({ id: e.interactionId, name: e.name, duration: e.duration });
        }
      }).observe({ type: "event", durationThreshold: threshold } as PerformanceObserverInit);
    }, EVENT_TIMING_MIN_MS);
    await browser.startTracing(page, { categories: ["devtools.timeline", "disabled-by-default-devtools.timeline"] });
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
    const threadMs = threadTimes(JSON.parse((await browser.stopTracing()).toString()));
    const { rows, elements } = await page.evaluate(() => {
      const body = document.querySelector("table.board tbody") as HTMLTableSectionElement;
      return { rows: body.rows.length, elements: body.querySelectorAll("*").length };
    });
    const { events, viewPainted } = await page.evaluate(() => {
      const w = window as unknown as { __events: TimedEvent[]; __viewPainted: number[] };
      return { events: w.__events, viewPainted: w.__viewPainted };
    });
    // One interaction (keydown, keypress, keyup) is one keystroke: its longest event is its input-to-next-paint.
    // A typed character's interaction holds a keypress; Playwright's `fill("")` between words reports a keydown
    // of its own now and then, which is no keystroke typed.
    const typed = new Set(events.filter((e) => e.name === "keypress").map((e) => e.id));
    const byInteraction = new Map<number, number>();
    for (const e of events.filter((x) => typed.has(x.id)))
      byInteraction.set(e.id, Math.max(byInteraction.get(e.id) ?? 0, e.duration));
    const reported = [...byInteraction.values()];
    // Keystrokes under the threshold report nothing: they count as taking less than it.
    const toPaint = [...reported, ...Array<number>(Math.max(0, keystrokes - reported.length)).fill(0)];
    return {
      keystrokes,
      toPaint: toPaint.sort((a, b) => a - b),
      reported: reported.length,
      toViewPainted: viewPainted.sort((a, b) => a - b),
      rows,
      elements,
      threadMs,
    };
  } finally {
    await context.close();
  }
}

const quantile = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
const ms = (v: number) => (v < EVENT_TIMING_MIN_MS ? `< ${EVENT_TIMING_MIN_MS} ms` : `${v.toFixed(0)} ms`);

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

const print = (...text: string[]) => process.stdout.write(`${text.join("\n")}\n`);
const load = () => execFileSync("uptime", { encoding: "utf8" }).trim();
const mq = (sorted: readonly number[]) => `${quantile(sorted, 0.5).toFixed(0)} / ${quantile(sorted, 0.75).toFixed(0)}`;

/** One Markdown row of a build's keystroke figures (medians / p75 over the keystrokes). */
function keystrokeRow(label: string, typed: Keystrokes): string {
  const t = typed.threadMs;
  const paint = `${ms(quantile(typed.toPaint, 0.5))} / ${ms(quantile(typed.toPaint, 0.75))} / ${ms(quantile(typed.toPaint, 1))}`;
  const perRow = typed.rows ? (typed.elements / typed.rows).toFixed(0) : "–";
  return `| ${label} | ${paint} | ${mq(typed.toViewPainted)} | ${mq(t.script)} | ${mq(t.styleLayout)} | ${mq(t.paint)} | ${mq(t.task)} | ${typed.rows} | ${perRow} |`;
}

const KEYSTROKE_HEADER = [
  "| Build | input-to-next-paint median / p75 / max | key to its view painted | script | style + layout after it | next frame's paint | keystroke's task | rows in the DOM after | elements per row |",
  "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
];

/** Types on each private build in turn, back to back, and prints one table of them. */
async function compare(builds: ReadonlyArray<[string, string]>) {
  const browser = await launchBrowser();
  const lines: string[] = [];
  try {
    for (const [label, dir] of builds) {
      const server = await startAppServer({ dist: path.resolve(root, dir) });
      try {
        const before = load();
        const typed = await typeOnPhone(browser, `${server.url}/`);
        lines.push(keystrokeRow(label, typed), `<!-- ${label}: ${before} → ${load()} -->`);
      } finally {
        await server.stop();
      }
    }
  } finally {
    await browser.close();
  }
  print(
    `Keystrokes on the real board (4,576 rows), phone profile, CPU 4× slower, ${WORDS.join(", ")}; thread times in ms, median / p75 per keystroke:`,
    "",
    ...KEYSTROKE_HEADER,
    ...lines,
  );
}

async function main() {
  buildWorker();
  const server = await startAppServer();
  const browser = await launchBrowser();
  try {
    const typed = await typeOnPhone(browser, `${server.url}/`);
    const median = quantile(typed.toPaint, 0.5);
    const p75 = quantile(typed.toPaint, 0.75);
    print(
      `Keystrokes on the real board (4,576 rows), phone profile, CPU 4× slower: ${typed.keystrokes} keys (${WORDS.join(", ")}),`,
      `input-to-next-paint median ${ms(median)}, p75 ${ms(p75)}, max ${ms(quantile(typed.toPaint, 1))};`,
      `${typed.reported} of ${typed.keystrokes} took ${EVENT_TIMING_MIN_MS} ms or more (Event Timing reports no shorter one).`,
      "",
      ...KEYSTROKE_HEADER,
      keystrokeRow("this checkout", typed),
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

const builds = process.argv.slice(2).map((arg) => arg.split("=", 2) as [string, string]);
if (builds.length) await compare(builds);
else await main();
