import path from "node:path";
import type { BrowserContextOptions, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { root } from "../../scripts/app-server";
import { chromePath, appInBrowser, shots } from "../support/browser";
import { scrollThroughBoard, shownModels } from "./board-rows";

const axePath = path.join(root, "node_modules/axe-core/axe.min.js");
const LEADER = "MaziyarPanahi/calme-3.2-instruct-78b";
const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};
const DESKTOP: BrowserContextOptions = { viewport: { width: 1440, height: 900 } };
/** A page that answers 404 on purpose: Chromium logs the status of the document itself as a console error. */
const NOT_FOUND_PAGE = "/compare?models=nobody/x";

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core on the page; returns the serious and critical violations, described. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axePath });
  const violations = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run()).violations;
  })) as AxeViolation[];
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(" "))
          .join(", ")}`,
    );
}

/** The model names and ranks of the board's rows, as shown. */
function boardRows(page: Page) {
  return page.locator("table.board tbody tr").evaluateAll((trs) =>
    trs.map((tr) => ({
      // The first text of the cell: the rank range and the interval follow in their own spans.
      rank: tr.querySelector("td")?.firstChild?.textContent ?? "",
      model: tr.querySelector("td.model a")?.textContent ?? "",
      average: tr.querySelector("td.average")?.firstChild?.textContent ?? "",
    })),
  );
}

describe.skipIf(!chromePath)("the leaderboard in Chromium", () => {
  const app = appInBrowser();
  const consoleErrors: string[] = [];

  /** A page that records console errors and uncaught exceptions into consoleErrors. */
  async function open(options: BrowserContextOptions = DESKTOP) {
    // bypassCSP lets the test inject axe-core; the pages themselves run under their strict policy.
    const context = await app.browser.newContext({ bypassCSP: true, ...options });
    const page = await context.newPage();
    page.on("console", (m) => {
      if (m.type() !== "error") return;
      if (page.url().endsWith(NOT_FOUND_PAGE) && /status of 404/.test(m.text())) return;
      consoleErrors.push(`${page.url()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
    return { context, page };
  }

  it("shows 100 ranked rows without JavaScript, the leader first, and pages with plain links", async () => {
    const { context, page } = await open({ ...DESKTOP, javaScriptEnabled: false });
    const response = await page.goto(`${app.server.url}/`);
    expect(response?.status()).toBe(200);
    const rows = await boardRows(page);
    expect(rows).toHaveLength(100);
    expect(rows[0]).toEqual({ rank: "1", model: LEADER, average: "52.08" });
    await page.getByRole("link", { name: /Next 100/ }).click();
    expect(page.url()).toBe(`${app.server.url}/?offset=100`);
    expect((await boardRows(page))[0]?.rank).toBe("101");
    await context.close();
  });

  it("filters with the GET form when JavaScript is off, landing on the short URL", async () => {
    const { context, page } = await open({ ...DESKTOP, javaScriptEnabled: false });
    await page.goto(`${app.server.url}/`);
    await page.getByLabel("Search models").fill("gemma-2-9b");
    await page.locator("details.filters > summary").click();
    await page.getByLabel("chat (RLHF, DPO, IFT)").check();
    await page.getByRole("button", { name: "Apply" }).click();
    await page.waitForURL(`${app.server.url}/?search=gemma-2-9b&types=chat`);
    const rows = await boardRows(page);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.model.toLowerCase()).toContain("gemma-2-9b");
    await context.close();
  });

  it("narrows the rows and the URL as a search is typed, then shows the same view from that URL without JavaScript", async () => {
    const { context, page } = await open();
    await page.goto(`${app.server.url}/`, { waitUntil: "networkidle" });
    // The dataset is not loaded for a visit that only reads the page, only once the board is reached for.
    const loaded = () =>
      page.evaluate(
        () =>
          performance.getEntriesByType("resource").filter((e) => e.name.includes("/api/v1/leaderboard/slices/")).length,
      );
    expect(await loaded()).toBe(0);
    const data = page.waitForResponse((r) => r.url().includes("/api/v1/leaderboard/slices/") && r.status() === 200);
    await page.getByLabel("Search models").focus();
    await data;
    await expect.poll(loaded).toBe(1);
    // Set on the window: it survives only if the island answers without a page load.
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));

    await page.getByLabel("Search models").pressSequentially("gemma-2-9b", { delay: 20 });
    await expect.poll(() => page.url()).toBe(`${app.server.url}/?search=gemma-2-9b`);
    await expect
      .poll(async () => (await boardRows(page)).every((r) => r.model.toLowerCase().includes("gemma-2-9b")))
      .toBe(true);
    const narrowed = await boardRows(page);
    expect(narrowed.length).toBeGreaterThan(5);
    expect(narrowed.length).toBeLessThan(100);
    expect(await page.locator("p[aria-live]").textContent()).toMatch(/^\d+ of 4,576 evaluations/);

    // A sortable header and a size preset switch the view in place too.
    await page.getByRole("link", { name: "BBH", exact: true }).click();
    await expect.poll(() => page.url()).toBe(`${app.server.url}/?search=gemma-2-9b&sort=bbh`);
    expect(await page.locator("th[aria-sort]").textContent()).toContain("BBH");
    await page.locator("details.filters > summary").click();
    await page.getByRole("link", { name: /Mid-range 7–65B/ }).click();
    await expect.poll(() => page.url()).toBe(`${app.server.url}/?search=gemma-2-9b&params=7%2C65&sort=bbh`);
    await page.locator('select[name="rank"]').selectOption("dynamic");
    await expect
      .poll(() => page.url())
      .toBe(`${app.server.url}/?search=gemma-2-9b&params=7%2C65&sort=bbh&rank=dynamic`);
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    await scrollThroughBoard(page);
    const inBrowser = await boardRows(page);
    expect(inBrowser.length).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(shots, "leaderboard-filtered-desktop.png"), fullPage: false });

    const plain = await open({ ...DESKTOP, javaScriptEnabled: false });
    const res = await plain.page.goto(page.url());
    expect(res?.status()).toBe(200);
    expect(await boardRows(plain.page)).toEqual(inBrowser);
    expect(await plain.page.getByLabel("Search models").inputValue()).toBe("gemma-2-9b");
    expect(await plain.page.locator('select[name="rank"]').inputValue()).toBe("dynamic");
    await plain.context.close();
    await context.close();
  });

  it("pins a row on top and keeps it there while filtering", async () => {
    const { context, page } = await open();
    await page.goto(`${app.server.url}/`);
    // Pinning before the dataset arrives: the view switches when it does.
    await page.getByRole("link", { name: `Pin ${LEADER} (bfloat16)` }).click();
    await expect.poll(() => page.url()).toMatch(/\?pinned=/);
    await page.getByLabel("Search models").fill("gemma");
    await expect.poll(async () => (await boardRows(page))[1]?.model.toLowerCase() ?? "").toContain("gemma");
    const rows = await boardRows(page);
    expect(rows[0]?.model).toBe(LEADER);
    expect(await page.locator("table.board tbody tr").first().getAttribute("class")).toBe("pinned");
    await page.getByRole("link", { name: "Compare the pinned model side by side" }).click();
    await page.waitForURL(/\/compare\?models=/);
    expect(await shownModels(page)).toEqual([LEADER]);
    await context.close();
  });

  it("renders a model page and a compare page from real data, with charts and no script but the copy buttons'", async () => {
    const { context, page } = await open();
    await page.goto(`${app.server.url}/models/${LEADER}`);
    expect(await page.locator("h1").textContent()).toBe(LEADER);
    expect(await page.getByText(/^rank 1\s*1–\d+ of 4,576$/).count()).toBe(1);
    expect(
      await page
        .locator(".scores .value")
        .first()
        .evaluate((el) => el.firstChild?.textContent),
    ).toBe("52.08");
    // The leader has one evaluation: its history is a sentence, not a chart of one point.
    expect(await page.locator("p.one-point").textContent()).toMatch(/^One evaluation so far: an average of 52\.08 /);
    expect(await page.locator("pre code").first().textContent()).toContain(`pretrained=${LEADER}`);
    const scripts = await page.locator("script").evaluateAll((s) => s.map((e) => e.getAttribute("src")));
    expect(scripts).toEqual([expect.stringMatching(/^\/assets\/copy-[A-Z0-9]+\.js$/)]);
    await page.screenshot({ path: path.join(shots, "model-desktop.png"), fullPage: true });

    const second = "Qwen/Qwen2.5-72B-Instruct";
    await page.goto(`${app.server.url}/compare?models=${LEADER},${second}`);
    expect(await shownModels(page)).toEqual([LEADER, second]);
    expect(await page.locator("figure.chart svg rect").count()).toBe(14);
    await page.screenshot({ path: path.join(shots, "compare-desktop.png"), fullPage: true });
    await context.close();
  });

  it("fits a phone's width on every page, the board scrolling inside its frame", async () => {
    const { context, page } = await open(PHONE);
    for (const [name, url] of [
      ["leaderboard", "/"],
      ["model", `/models/${LEADER}`],
      ["compare", `/compare?models=${LEADER},Qwen/Qwen2.5-72B-Instruct`],
      ["about", "/about"],
    ] as const) {
      await page.goto(`${app.server.url}${url}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), name).toBeLessThanOrEqual(390);
      await page.screenshot({ path: path.join(shots, `${name}-phone.png`) });
    }
    await context.close();
  });

  it("has no serious or critical accessibility violations, light and dark", async () => {
    for (const colorScheme of ["light", "dark"] as const) {
      const { context, page } = await open({ ...DESKTOP, colorScheme });
      for (const url of [
        "/",
        "/?scores=raw&columns=type,likes,params",
        `/models/${LEADER}`,
        `/compare?models=${LEADER},Qwen/Qwen2.5-72B-Instruct`,
        "/about",
        NOT_FOUND_PAGE,
      ]) {
        await page.goto(`${app.server.url}${url}`);
        expect(await seriousViolations(page), `${colorScheme} ${url}`).toEqual([]);
      }
      await page.goto(`${app.server.url}/`);
      await page.screenshot({ path: path.join(shots, `leaderboard-desktop-${colorScheme}.png`) });
      await context.close();
    }
  });

  // What a visit loads before anyone reaches for the board: the island's script and the chunks it imports
  // statically, not the engine's chunk (loaded with the slice, island-network.test.ts). 24 KB since the search's
  // regular-expression automata (worker/domain/regex*.ts, 4.3 KB gzipped) joined it; the slice's decoder and the
  // snapshot's reader stay out of it (worker/domain/board/slice-views.ts), 29.8 → 23.2 KB.
  it("serves the island script with an immutable cache lifetime, under 24 KB gzipped with its static imports", async () => {
    const html = await (await fetch(`${app.server.url}/`)).text();
    const src = /<script type="module" src="([^"]+)">/.exec(html)?.[1] as string;
    expect(src).toMatch(/^\/assets\/board-[A-Z0-9]+\.js$/);
    const { gzipSync } = await import("node:zlib");
    const loaded = new Map<string, number>();
    const pending = [src];
    while (pending.length > 0) {
      const url = pending.shift() as string;
      if (loaded.has(url)) continue;
      const res = await fetch(`${app.server.url}${url}`, { headers: { "accept-encoding": "identity" } });
      expect(res.status, url).toBe(200);
      expect(res.headers.get("cache-control"), url).toBe("public, max-age=31536000, immutable");
      const code = Buffer.from(await res.arrayBuffer());
      loaded.set(url, gzipSync(code, { level: 9 }).length);
      // Static imports only (`from"./chunk-….js"`); the engine's `import("./chunk-….js")` waits for the slice.
      for (const m of code.toString().matchAll(/\bfrom\s*"\.\/([^"]+\.js)"/g)) pending.push(`/assets/${m[1]}`);
    }
    expect(loaded.size).toBeGreaterThan(1);
    expect([...loaded.values()].reduce((a, b) => a + b, 0)).toBeLessThan(24 * 1024);
  });

  it("sends any 100-row view of the board as HTML under 50 KB gzipped", async () => {
    const { gzipSync } = await import("node:zlib");
    const every =
      "type,co2,likes,architecture,precision,weight_type,params,license,chat_template,upload_date,submission_date,generation,base_model,available,official,merged,moe,flagged";
    for (const url of ["/", `/?columns=${encodeURIComponent(every)}`, "/?search=llama&scores=raw&rank=dynamic"]) {
      const html = await (await fetch(`${app.server.url}${url}`)).text();
      const body = html.slice(html.indexOf("<tbody>"), html.indexOf("</tbody>"));
      expect(body.split("<tr").length - 1, url).toBe(100);
      expect(gzipSync(html).length, url).toBeLessThan(50 * 1024);
    }
  });

  it("logged no console errors on any page", () => {
    expect(consoleErrors).toEqual([]);
  });
});
