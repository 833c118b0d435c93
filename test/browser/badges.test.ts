import path from "node:path";
import type { Page } from "playwright-core";
import { h } from "preact";
import { renderToString } from "preact-render-to-string";
import { describe, expect, it } from "vitest";
import { BADGE_STYLES, badgeLayout } from "../../worker/domain/badge";
import { badgeContent, BADGE_METRICS } from "../../worker/domain/badge-content";
import { BadgeSnippets, badgeSnippets, SHIELDS_EXAMPLE } from "../../web/components/badge-snippets";
import { chromePath, appInBrowser, shots } from "../support/browser";

const LEADER = "MaziyarPanahi/calme-3.2-instruct-78b";

/** The natural size of every <img> on the page once each has loaded or failed. */
async function imageSizes(page: Page) {
  await page.waitForFunction(() => [...document.images].every((img) => img.complete));
  return page.evaluate(() =>
    [...document.images].map((img) => ({
      id: img.id,
      src: img.getAttribute("src"),
      inSnippets: img.closest(".badge-snippets") !== null,
      width: img.naturalWidth,
      height: img.naturalHeight,
    })),
  );
}

describe.skipIf(!chromePath)("badges in Chromium", () => {
  const app = appInBrowser();

  it("renders in an <img> as a model card embeds it, at the computed size in every style", async () => {
    const leader = badgeSnippets(app.server.url, LEADER, "rank");
    const content = badgeContent("rank", { rank: 1, total: 4576, value: null });
    const expected = Object.fromEntries(
      BADGE_STYLES.map((style) => [style, badgeLayout({ ...content, style })] as const),
    );
    const styled = BADGE_STYLES.map(
      (style) =>
        `<p><img id="${style}" src="${leader.urls.svg}&amp;style=${style}" alt="${style}"></p>` +
        `<p><img id="${style}-logo" src="${leader.urls.svg}&amp;style=${style}&amp;logo=github&amp;color=ff69b4" alt="${style} with a logo"></p>`,
    ).join("");
    const card = `<!doctype html><html><head><meta charset="utf-8"><title>model card</title></head>
      <body style="font-family:sans-serif;margin:16px;background:#fff">
      <h1 style="font-size:18px">${LEADER}</h1>
      <p id="card">${leader.html}
        <img id="unknown" src="${app.server.url}/badge/nobody/nothing.svg" alt="unknown model">
        <img id="invalid" src="${app.server.url}/badge/${LEADER}.svg?metric=elo" alt="invalid metric"></p>
      ${styled}
      ${renderToString(h(BadgeSnippets, { origin: app.server.url, modelId: LEADER }))}
      </body></html>`;

    const page = await app.browser.newPage({ viewport: { width: 900, height: 1200 } });
    await page.setContent(card);
    const sizes = await imageSizes(page);
    const byId = Object.fromEntries(sizes.map((s) => [s.id, s]));

    for (const style of BADGE_STYLES) {
      const layout = expected[style];
      expect(byId[style]?.height, style).toBe(layout?.height);
      // for-the-badge widths are fractional (e.g. 120.5); the natural width of an SVG image is an integer.
      expect(Math.abs((byId[style]?.width ?? 0) - (layout?.width ?? 0)), style).toBeLessThan(1);
      const withLogo = badgeLayout({ ...content, style, logo: "github", color: "ff69b4" });
      expect(byId[`${style}-logo`]?.height, style).toBe(withLogo.height);
      expect(Math.abs((byId[`${style}-logo`]?.width ?? 0) - withLogo.width), style).toBeLessThan(1);
      expect(withLogo.width).toBeGreaterThan(layout?.width ?? 0);
    }
    expect(byId.flat?.width).toBe(badgeLayout({ ...content, style: "flat" }).width);
    // The unknown model and the invalid parameter still give an image, never a broken one.
    expect(byId.unknown?.width).toBe(badgeLayout({ ...badgeContent("rank", null), style: "flat" }).width);
    expect(byId.invalid?.width).toBeGreaterThan(0);
    // Every metric's preview in the snippets section loads too, and the example with shields parameters.
    const previews = sizes.filter((s) => s.inSnippets);
    expect(previews).toHaveLength(BADGE_METRICS.length + 1);
    const example = previews.find((p) => p.src?.includes("logo=huggingface"));
    expect(example?.height).toBe(28);
    for (const preview of previews) expect(preview.width, preview.src ?? "").toBeGreaterThan(0);

    await page.screenshot({ path: path.join(shots, "badges.png"), fullPage: true });
    await page.close();
  });

  it("parses every style as SVG with Chromium's XML parser, tricky labels included", async () => {
    const page = await app.browser.newPage();
    const labels = ["", `<script>&"'`, "🤗 中文 ]]>"];
    const urls = BADGE_STYLES.flatMap((style) =>
      labels.map((label) => `/badge/${LEADER}.svg?style=${style}&label=${encodeURIComponent(label)}`),
    );
    const svgs = await Promise.all(
      urls.map(async (p) => ({ path: p, text: await (await fetch(`${app.server.url}${p}`)).text() })),
    );
    const results = await page.evaluate((documents) => {
      const out: { path: string; error: string | null; root: string; title: string | null }[] = [];
      for (const { path: p, text } of documents) {
        const doc = new DOMParser().parseFromString(text, "image/svg+xml");
        out.push({
          path: p,
          error: doc.querySelector("parsererror")?.textContent ?? null,
          root: doc.documentElement.nodeName,
          title: doc.querySelector("title")?.textContent ?? null,
        });
      }
      return out;
    }, svgs);
    for (const r of results) {
      expect(r.error, r.path).toBeNull();
      expect(r.root).toBe("svg");
    }
    expect(results.find((r) => r.path.includes("style=flat&label=%3Cscript"))?.title).toBe(`<script>&"': #1 of 4,576`);
    await page.close();
  });

  it("offers Markdown, HTML and shields endpoint snippets that point back at Podium", () => {
    const s = badgeSnippets("https://podium.example", LEADER, "mmlu_pro", "bfloat16");
    expect(s.markdown).toBe(
      `[![Podium MMLU-PRO of ${LEADER}](https://podium.example/badge/${LEADER}.svg?metric=mmlu_pro&precision=bfloat16)](https://podium.example/models/${LEADER})`,
    );
    expect(s.html).toBe(
      `<a href="https://podium.example/models/${LEADER}"><img src="https://podium.example/badge/${LEADER}.svg?metric=mmlu_pro&amp;precision=bfloat16" alt="Podium MMLU-PRO of ${LEADER}"></a>`,
    );
    expect(s.shields).toBe(
      `https://img.shields.io/endpoint?url=${encodeURIComponent(`https://podium.example/badge/${LEADER}.json?metric=mmlu_pro&precision=bfloat16`)}`,
    );
    expect(badgeSnippets("https://podium.example", "gpt2", "rank").markdown).toBe(
      "[![Podium rank of gpt2](https://podium.example/badge/gpt2.svg?metric=rank)](https://podium.example/models/gpt2)",
    );
    expect(badgeSnippets("https://podium.example", "gpt2", "rank", undefined, SHIELDS_EXAMPLE).markdown).toBe(
      "[![Podium rank of gpt2](https://podium.example/badge/gpt2.svg?metric=rank&style=for-the-badge&logo=huggingface)](https://podium.example/models/gpt2)",
    );
    const html = renderToString(h(BadgeSnippets, { origin: "https://podium.example", modelId: LEADER }));
    for (const metric of BADGE_METRICS) expect(html).toContain(`data-metric="${metric}"`);
    expect(html).toContain("metric=rank&amp;style=for-the-badge&amp;logo=huggingface");
    expect(html).toContain("img.shields.io/endpoint?url=");
  });
});
