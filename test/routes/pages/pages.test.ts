import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { database } from "../../../worker/store/db";
import { evaluations, evaluators, models } from "../../../worker/store/schema";
import { bumpVersions } from "../../../worker/store/version";
import { seedDemo } from "../../support/demo";
import { published } from "../../support/publish";

const EVIL = "<script>alert(1)</script>";
const EVIL_ID = `evil-org/${EVIL}`;
const TRACED = "podium-test/traced-7b";

beforeAll(async () => {
  await seedDemo();
  const db = database(env.DB);
  const now = Date.UTC(2026, 10, 1);
  const scores = {
    ifeval_raw: 0.5,
    ifeval: 50,
    bbh_raw: 0.5,
    bbh: 40,
    math_raw: 0.2,
    math: 20,
    gpqa_raw: 0.3,
    gpqa: 6.67,
    musr_raw: 0.4,
    musr: 10,
    mmlu_pro_raw: 0.3,
    mmlu_pro: 22.22,
  };
  const average = (50 + 40 + 20 + 6.67 + 10 + 22.22) / 6;
  await db.batch([
    db.insert(evaluators).values({ id: "ev-1", name: "Test evaluator", createdAt: now }),
    db.insert(models).values([
      {
        id: EVIL_ID,
        license: EVIL,
        createdAt: now,
        updatedAt: now,
      },
      {
        id: TRACED,
        license: "apache-2.0",
        createdAt: now,
        updatedAt: now,
      },
    ]),
    db.insert(evaluations).values([
      {
        id: "evil-eval",
        modelId: EVIL_ID,
        revision: "main",
        precision: "bfloat16",
        type: "chat",
        architecture: EVIL,
        paramsBillions: 7,
        status: "ranked",
        ...scores,
        average,
        co2Kg: 1,
        provenance: { detailsUrl: "javascript:alert(1)" },
        source: "evaluator",
        evaluatorId: "ev-1",
        createdAt: now,
      },
      {
        id: "traced-new",
        modelId: TRACED,
        revision: "abc123",
        precision: "bfloat16",
        type: "fine-tuned",
        architecture: "LlamaForCausalLM",
        paramsBillions: 7.2,
        chatTemplate: true,
        status: "ranked",
        ...scores,
        average,
        co2Kg: 2.5,
        subtasks: {
          leaderboard_bbh_navigate: { metric: "acc_norm,none", value: 0.61, stderr: 0.03 },
          leaderboard_musr_team_allocation: { metric: "acc_norm,none", value: 0.42, stderr: null },
        },
        provenance: {
          harnessVersion: "0.4.8",
          harnessGitHash: "deadbeef1234",
          chatTemplateSha: "0123456789abcdef0123",
          hardware: { gpu: "H100", count: 8 },
          evaluatedAt: "2026-10-30T12:00:00.000Z",
          evaluationSeconds: 3600,
          detailsUrl: "https://example.org/runs/traced",
        },
        source: "evaluator",
        evaluatorId: "ev-1",
        createdAt: now,
      },
      {
        id: "traced-old",
        modelId: TRACED,
        revision: "abc000",
        precision: "bfloat16",
        type: "fine-tuned",
        architecture: "LlamaForCausalLM",
        paramsBillions: 7.2,
        status: "superseded",
        ...scores,
        ifeval: 30,
        average: average - 3,
        provenance: { evaluatedAt: "2026-09-01T00:00:00.000Z" },
        source: "evaluator",
        evaluatorId: "ev-1",
        createdAt: now - 86_400_000 * 60,
      },
    ]),
    bumpVersions(db, ["board"]),
  ]);
  await published();
});

const get = (path: string, init?: RequestInit) =>
  SELF.fetch(`https://podium.test${path}`, { redirect: "manual", ...init });

/**
 * The table's rows, without what is presentation only: the shade class of a score cell (test/web/score-shades)
 * and the title that shows a truncated model name whole (test/browser/layout).
 */
function bodyRows(html: string): string[] {
  const body = html.slice(html.indexOf("<tbody>"), html.indexOf("</tbody>"));
  return body
    .split("<tr")
    .slice(1)
    .map((r) =>
      r
        .replace(/ class="sh\d"/g, "")
        .replace(/ sh\d"/g, '"')
        .replace(/(<td class="model"><a href="[^"]*") title="[^"]*"/g, "$1"),
    );
}

function modelsOf(html: string): string[] {
  return bodyRows(html).map((r) => /<td class="model"><a href="[^"]*">([^<]*)<\/a>/.exec(r)?.[1] ?? "");
}

function ranksOf(html: string): number[] {
  return bodyRows(html).map((r) =>
    Number(/^[^>]*><td>(\d+)(?:<span class="rank-range">\d+–\d+<\/span>)?<\/td>/.exec(r)?.[1]),
  );
}

/** The island's serialized props on a board page (JSON in the marker's data-props attribute). */
function islandProps(html: string): Record<string, any> {
  const attribute = /<div data-island="board" data-props="([^"]*)">/.exec(html)?.[1];
  expect(attribute).toBeDefined();
  const json = (attribute as string)
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
  return JSON.parse(json);
}

describe("GET /", () => {
  describe("happy", () => {
    it("renders the first 100 ranked rows, leader first, with controls, the island marker and one module script", async () => {
      const res = await get("/");
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/text\/html/);
      expect(res.headers.get("etag")).toBeTruthy();
      const html = await res.text();
      expect(html.startsWith("<!doctype html>")).toBe(true);
      const trs = bodyRows(html);
      expect(trs).toHaveLength(100);
      expect(modelsOf(html)[0]).toBe("MaziyarPanahi/calme-3.2-instruct-78b");
      expect(trs[0]).toContain('href="/models/MaziyarPanahi/calme-3.2-instruct-78b"');
      // The average and each benchmark with the half-width of its 95% interval, the rank with its rank range.
      expect(trs[0]).toMatch(/<td class="average">52\.08<span class="ci">±1\.\d\d<\/span><\/td>/);
      expect(trs[0]).toMatch(/^[^>]*><td>1<span class="rank-range">1–\d+<\/span>/);
      expect(ranksOf(html).slice(0, 3)).toEqual([1, 2, 3]);
      // Controls: a labelled search box in a GET form, chips, presets, and the sorted header marked for screen readers.
      expect(html).toContain('<form class="controls" method="get" action="/" role="search"');
      expect(html).toMatch(
        /<label class="visually-hidden" for="board-search">Search models<\/label><input id="board-search" type="search" name="search"/,
      );
      expect(html).toContain('name="types" value="chat"');
      expect(html).toContain('name="precision" value="bfloat16"');
      expect(html).toContain('href="/?params=0%2C3"');
      expect(html).toContain('href="/?params=65%2C141"');
      expect(html).toContain('name="hide" value="flagged"');
      expect(html).toContain('name="official" value="true"');
      expect(html).toMatch(/<th scope="col" aria-sort="descending"><a href="\/\?order=asc">Average/);
      expect(html).toContain('href="/?offset=100"');
      expect(html).toContain('<a class="skip" href="#main">');
      expect(html).toMatch(/<a href="\/" aria-current="page">Leaderboard<\/a>/);
      // One script, the island's external module; its props travel in a data attribute, nothing inline runs.
      const scripts = html.match(/<script[^>]*>/g) ?? [];
      expect(scripts).toEqual([expect.stringMatching(/^<script type="module" src="\/assets\/board-[A-Z0-9]+\.js">$/)]);
      expect(html).not.toMatch(/ on[a-z]+="/);
      // The rows are the server's HTML, left in the page unhydrated: the props carry only what the board needs of
      // them, not the rows again.
      const props = islandProps(html);
      expect(props.rows).toBeUndefined();
      expect(props.serverRows).toEqual({ count: 100, pinnedModels: [] });
      expect(bodyRows(html)).toHaveLength(100);
      expect(props.total).toBe(4578);
      expect(props.boardSize).toBe(4578);
      expect(props.dataUrl).toMatch(/^\/api\/v1\/leaderboard\/slices\/v2\/[^/?]+$/);
    });

    it("renders a search from the reference syntax: OR of clauses, each free text AND @field terms", async () => {
      const search = "meta @architecture:llama; 7b @license:apache";
      const res = await get(`/?search=${encodeURIComponent(search)}&limit=500`);
      expect(res.status).toBe(200);
      const html = await res.text();
      const names = modelsOf(html);
      expect(names.length).toBeGreaterThan(10);
      for (const name of names) expect(/meta/i.test(name) || /7b/i.test(name)).toBe(true);
      expect(names.some((n) => /meta/i.test(n))).toBe(true);
      expect(names.some((n) => /7b/i.test(n) && !/meta/i.test(n))).toBe(true);
      expect(html).toContain(`value="meta @architecture:llama; 7b @license:apache"`);
    });

    it("filters by type and precision chips, ticking them in the form", async () => {
      const html = await (await get("/?types=pretrained&precision=float16&columns=type,precision")).text();
      const rows = bodyRows(html);
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) {
        expect(r).toContain('<span class="visually-hidden">pretrained</span>');
        expect(r).toContain('<td class="text">float16</td>');
      }
      expect(html).toMatch(/name="types" value="pretrained" checked/);
      expect(html).not.toMatch(/name="types" value="chat" checked/);
    });

    it("filters by a params preset and marks it current; dynamic rank restarts at 1", async () => {
      const html = await (await get("/?params=0%2C3&rank=dynamic&columns=params")).text();
      expect(html).toMatch(/<a href="\/\?rank=dynamic&amp;columns=params" aria-current="true">Edge devices 0–3B<\/a>/);
      expect(ranksOf(html).slice(0, 2)).toEqual([1, 2]);
      const sizes = bodyRows(html).map((r) => Number(/<td>([\d.]+)<\/td><\/tr>/.exec(r)?.[1]));
      for (const s of sizes) expect(s).toBeLessThanOrEqual(3);
      const staticRanks = ranksOf(await (await get("/?params=0%2C3")).text());
      expect(staticRanks[0]).toBeGreaterThan(1);
    });

    it("hides flagged, merged and MoE rows and keeps only official providers", async () => {
      const html = await (
        await get("/?hide=merged,moe,flagged,unavailable&official=true&columns=available,official,merged,moe,flagged")
      ).text();
      const rows = bodyRows(html);
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) {
        expect(r).toContain(
          '<td class="text">yes</td><td class="text">yes</td><td class="text">no</td><td class="text">no</td><td class="text">no</td></tr>',
        );
      }
    });

    it("sorts on a column from its header, ascending, with aria-sort", async () => {
      const html = await (await get("/?sort=bbh&order=asc")).text();
      expect(html).toMatch(/<th scope="col" aria-sort="ascending"><a href="\/\?sort=bbh">BBH/);
      const bbh = bodyRows(html).map((r) =>
        Number(/<td class="average">.*?<\/td><td>.*?<\/td><td>([\d.]+)/.exec(r)?.[1]),
      );
      expect(bbh).toEqual([...bbh].sort((a, b) => a - b));
      expect((html.match(/aria-sort=/g) ?? []).length).toBe(1);
      expect(html).toContain('<caption class="visually-hidden">Ranked evaluations, sorted by BBH ascending</caption>');
    });

    it("shows raw scores, chosen columns and the average over visible benchmarks", async () => {
      const html = await (await get("/?scores=raw&average=visible&benchmarks=ifeval,bbh&columns=likes,license")).text();
      expect(html).toContain("IFEval (raw %)");
      expect(html).not.toContain("sort=gpqa");
      expect(html).toContain("Hub likes");
      expect(html).toContain(">License");
      expect(html).not.toContain("sort=co2");
      // The average is over the two visible benchmarks' normalized scores; the cells show raw values in percent.
      const api = (await (
        await get("/api/v1/leaderboard?scores=raw&average=visible&benchmarks=ifeval,bbh&limit=1")
      ).json()) as any;
      const entry = api.data[0];
      expect(entry.average).toBeCloseTo((entry.scores.ifeval.normalized + entry.scores.bbh.normalized) / 2, 9);
      // Raw cells carry their raw intervals in percent too, as the API answers them for the same view (raw 0–1).
      const raw = (k: string) =>
        `<td>${(entry.scores[k].raw * 100).toFixed(2)}<span class="ci">±${(entry.scores[k].ci95 * 100).toFixed(2)}</span></td>`;
      expect(bodyRows(html)[0]).toContain(
        `<td class="average">${entry.average.toFixed(2)}<span class="ci">±${entry.average_ci95.toFixed(2)}</span></td>${raw("ifeval")}${raw("bbh")}`,
      );
      expect(html).toMatch(
        /<select name="average"><option value="all">all six<\/option><option value="visible" selected>/,
      );
    });

    it("keeps pinned rows on top whatever the filters", async () => {
      const html = await (await get("/?pinned=traced-new&search=calme")).text();
      const rows = bodyRows(html);
      expect(rows[0]).toMatch(/^ class="pinned"/);
      expect(modelsOf(html)[0]).toBe(TRACED);
      expect(
        modelsOf(html)
          .slice(1)
          .every((m) => /calme/i.test(m)),
      ).toBe(true);
      expect(rows[0]).toContain(`aria-label="Unpin ${TRACED} (bfloat16)"`);
      expect(rows[0]).toContain('href="/?search=calme"');
      expect(html).toContain(
        `<a href="/compare?models=${encodeURIComponent(TRACED)}">Compare the pinned model side by side</a>`,
      );
    });

    it("pages with the pager links", async () => {
      const html = await (await get("/?offset=100")).text();
      expect(ranksOf(html)[0]).toBe(101);
      expect(html).toContain('href="/">← Previous 100</a>');
    });

    it("sends a submitted GET form (every field present) to the short URL of the same view", async () => {
      const form =
        "search=qwen&types=chat&params=7&params=65&scores=normalized&rank=static&average=all" +
        "&benchmarks=ifeval&benchmarks=bbh&benchmarks=math&benchmarks=gpqa&benchmarks=musr&benchmarks=mmlu_pro" +
        "&columns=&columns=type&columns=co2&sort=average&order=desc";
      const res = await get(`/?${form}`);
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe("/?search=qwen&types=chat&params=7%2C65");
      const view = await get(res.headers.get("location") as string);
      expect(view.status).toBe(200);
      const names = modelsOf(await view.text());
      expect(names.length).toBeGreaterThan(0);
      expect(names.every((n) => /qwen/i.test(n))).toBe(true);
    });

    it("escapes a model named <script> everywhere: table, island props and model page", async () => {
      const html = await (await get(`/?search=${encodeURIComponent("evil-org")}`)).text();
      expect(modelsOf(html)).toEqual([`evil-org/&lt;script>alert(1)&lt;/script>`]);
      expect(html).not.toContain("<script>alert(1)");
      // The island's props name a model only when it is pinned (the compare link): pinned, escaped there too.
      const pinned = await (await get(`/?search=${encodeURIComponent("evil-org")}&pinned=evil-eval`)).text();
      expect(islandProps(pinned).serverRows.pinnedModels).toEqual([EVIL_ID]);
      expect(pinned).toMatch(/data-props="[^"]*evil-org\/&lt;script>alert\(1\)&lt;\/script>/);
      expect(pinned).not.toContain("<script>alert(1)");
      const page = await get(`/models/evil-org/${encodeURIComponent(EVIL)}`);
      expect(page.status).toBe(200);
      const text = await page.text();
      expect(text).toContain("<h1>evil-org/&lt;script>alert(1)&lt;/script></h1>");
      expect(text).not.toContain("<script>alert(1)");
      expect(text).not.toContain("javascript:");
    });
  });

  describe("errors", () => {
    it("answers a bad parameter with a 400 page that names it and shows the rest of the view", async () => {
      const res = await get("/?offset=abc&types=chat");
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain("Ignored “offset”: must be a non-negative integer.");
      expect(bodyRows(html).length).toBeGreaterThan(0);
      expect(html).toMatch(/name="types" value="chat" checked/);
    });

    it("keeps an invalid regular expression in the box, explains it and matches nothing", async () => {
      const res = await get(`/?search=${encodeURIComponent("llama(")}`);
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain('value="llama("');
      expect(html).toMatch(
        /<p class="notice" role="alert">The search &quot;llama\(&quot; is not a valid regular expression/,
      );
      expect(bodyRows(html)).toHaveLength(0);
    });
  });
});

describe("GET /models/{org}/{name}", () => {
  describe("happy", () => {
    it("shows scores with bars, subtasks, history, provenance, the command that reproduces it, and badges", async () => {
      const res = await get(`/models/${TRACED}`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain(`<h1>${TRACED}</h1>`);
      expect(html).toContain('<a href="/?pinned=traced-new">Pinned on the board</a>');
      expect(html).toMatch(/rank [\d,]+ of 4,578/);
      expect(html).toContain("superseded: another run of its group is the row");
      expect(html).toMatch(
        /<span class="bar" title="best on the board: [\d.]+"><span style="width:[\d.]+%"><\/span><\/span><span class="value">50\.00<\/span>/,
      );
      expect(html).toContain("<code>leaderboard_bbh_navigate</code>");
      expect(html).toContain("<td>61.00</td><td>3.00</td>");
      expect(html).toContain("<code>leaderboard_musr_team_allocation</code>");
      expect(html).toMatch(
        /<svg viewBox="0 0 640 220" role="img" aria-label="Average score of podium-test\/traced-7b per evaluation over time">/,
      );
      expect((html.match(/<circle /g) ?? []).length).toBe(2);
      // Provenance links to the evaluator's public page.
      expect(html).toContain('<dd><a href="/evaluators/ev-1">Test evaluator</a> <code>ev-1</code></dd>');
      expect(html).toContain("<dd>0.4.8</dd>");
      expect(html).toContain("<code>deadbeef1234</code>");
      expect(html).toContain("<dd>8 × H100</dd>");
      expect(html).toContain("<dd>2026-10-30</dd>");
      expect(html).toContain("<dd>2.50 kg</dd>");
      expect(html).toContain('<a href="https://example.org/runs/traced" rel="noopener nofollow">');
      expect(html).toContain(`--model_args pretrained=${TRACED},revision=abc123,dtype=bfloat16`);
      expect(html).toContain("--apply_chat_template --fewshot_as_multiturn");
      expect(html).toContain(`/badge/${TRACED}.svg?metric=`);
      // One script, the copy buttons' island: the snippets themselves are read-only text areas without it.
      const scripts = html.match(/<script[^>]*>/g) ?? [];
      expect(scripts).toEqual([expect.stringMatching(/^<script type="module" src="\/assets\/copy-[A-Z0-9]+\.js">$/)]);
      expect(html).not.toMatch(/ on[a-z]+="/);
    });

    it("shows the model-card YAML and Markdown of the API, read-only, each with a copy island", async () => {
      const html = await (await get(`/models/${TRACED}`)).text();
      const yaml = await (await get(`/api/v1/models/${TRACED}/model-index.yaml`)).arrayBuffer();
      const markdown = await (await get(`/api/v1/models/${TRACED}/model-card.md`)).arrayBuffer();
      const area = (id: string) => {
        const found = new RegExp(`<textarea id="${id}" readonly[^>]*>([^<]*)</textarea>`).exec(html);
        return found?.[1]
          ?.replace(/&quot;/g, '"')
          .replace(/&lt;/g, "<")
          .replace(/&gt;/g, ">")
          .replace(/&amp;/g, "&");
      };
      expect(area("card-model-index")).toBe(new TextDecoder().decode(yaml));
      expect(area("card-markdown")).toBe(new TextDecoder().decode(markdown));
      expect(html).toContain(`<div data-island="copy" data-props="{&quot;target&quot;:&quot;card-model-index&quot;`);
      expect(html).toContain(`href="/api/v1/models/${TRACED}/model-index.yaml"`);
      expect(html).toContain(`href="/api/v1/models/${TRACED}/model-card.md"`);
    });

    it("shows a seeded model and a legacy id without an org", async () => {
      const res = await get("/models/MaziyarPanahi/calme-3.2-instruct-78b");
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toMatch(
        /rank 1<span class="rank-range" title="statistically tied with ranks 1 to \d+">1–\d+<\/span> of 4,578/,
      );
      expect(html).toContain("Open LLM Leaderboard v2 (final public data)");
      expect(html).toContain("Subtask scores were not published");
      const legacy = await get("/models/gpt2");
      expect(legacy.status).toBe(200);
      expect(await legacy.text()).toContain("<h1>gpt2</h1>");
    });
  });

  describe("errors", () => {
    it("answers an unknown model with an HTML 404", async () => {
      const res = await get("/models/nobody/nothing-here");
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toMatch(/text\/html/);
      const html = await res.text();
      expect(html).toContain("No model named “nobody/nothing-here” has been evaluated on Podium.");
      expect(html).toContain('href="/?search=nobody%2Fnothing-here"');
    });
  });
});

describe("GET /compare", () => {
  describe("happy", () => {
    it("puts models side by side with a chart, each by its best ranked evaluation", async () => {
      const res = await get(`/compare?models=MaziyarPanahi/calme-3.2-instruct-78b,${TRACED}`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(modelsOf(html)).toEqual(["MaziyarPanahi/calme-3.2-instruct-78b", TRACED]);
      expect(bodyRows(html)[0]).toMatch(/<td class="average">52\.08<span class="ci">±1\.\d\d<\/span><\/td>/);
      expect(html).toContain('<ul class="legend">');
      expect((html.match(/<rect /g) ?? []).length).toBe(14);
      expect(html).toMatch(/<a href="\/compare" aria-current="page">Compare<\/a>/);
    });

    it("says each pair in words and draws every bar's interval", async () => {
      // expected.py's hand computation for this pair: ahead on IFEval and MATH, behind on MMLU-PRO, tied on BBH,
      // GPQA and MuSR, ahead on the average by 7.71 ± 1.95.
      const html = await (await get("/compare?models=01-ai/Yi-1.5-34B-Chat@bfloat16,01-ai/Yi-1.5-34B@bfloat16")).text();
      expect(html).toContain(
        "01-ai/Yi-1.5-34B-Chat (bfloat16) against 01-ai/Yi-1.5-34B (bfloat16): ahead on IFEval and MATH Lvl 5, " +
          "behind on MMLU-PRO, tied on the rest; ahead on the average by 7.71 ±1.95.",
      );
      expect((html.match(/<path class="whisker"/g) ?? []).length).toBe(14);
    });

    it("offers the form when no model is named", async () => {
      const res = await get("/compare");
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<label for="compare-models">');
    });
  });

  describe("errors", () => {
    it("explains unknown models on the page and still shows the known ones", async () => {
      const res = await get(`/compare?models=${TRACED},nobody/nothing`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain("No model named “nobody/nothing” has been evaluated on Podium.");
      expect(modelsOf(html)).toEqual([TRACED]);
      const none = await get("/compare?models=nobody/nothing");
      expect(none.status).toBe(404);
    });

    it("refuses more than six models with a 400 that says so", async () => {
      const ids = Array.from({ length: 7 }, (_, i) => `org/model-${i}`).join(",");
      const res = await get(`/compare?models=${ids}`);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain("Up to 6 models can be compared at once; 7 were named");
    });
  });
});

describe("GET /about", () => {
  it("explains the benchmarks from the registry, the formulas, how results get in and how to reproduce", async () => {
    const res = await get("/about");
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const title of ["IFEval", "BBH", "MATH Lvl 5", "GPQA", "MuSR", "MMLU-PRO"])
      expect(html).toContain(`<th scope="row">${title}`);
    expect(html).toContain("max(v − baseline, 0) / (1 − baseline) × 100");
    expect(html).toContain("Standard Webhooks");
    expect(html).toContain("lm_eval --model hf");
    expect(html).not.toContain("<script");
  });

  it("explains intervals and rank ranges with a worked example whose figures are the API's for that row", async () => {
    const html = await (await get("/about")).text();
    expect(html).toContain('<h2 id="intervals">Intervals and rank ranges</h2>');
    // The example is the row at position 100; the API answers its figures (checked against expected.py and the
    // O(N²) rule in test/routes/api/intervals.test.ts).
    const api = (await (await get("/api/v1/leaderboard?limit=1&offset=99")).json()) as any;
    const e = api.data[0];
    expect(html).toContain(`href="/models/${e.model.id}"`);
    expect(html).toContain(`is ranked ${e.rank} of ${api.total.toLocaleString("en-US")}`);
    const se = Math.hypot(...Object.values(e.scores).map((s: any) => s.ci95 / 1.96)) / 6;
    expect(Math.abs(se * 1.96 - e.average_ci95)).toBeLessThan(1e-9);
    expect(html).toContain(`√(the sum of the six squared SEs) / 6 = ${se.toFixed(3)}`);
    const [best, worst] = e.rank_range;
    expect(html).toContain(`${best - 1} rows are clearly ahead of it, so its best rank is ${best}`);
    expect(html).toContain(`so its worst is ${worst}`);
    expect(html).toContain(
      `${e.rank} <span class="rank-range">${best}–${worst}</span></strong> and <strong>${e.average.toFixed(2)} <span class="ci">±${e.average_ci95.toFixed(2)}</span>`,
    );
    expect(html).toMatch(/: it is clearly ahead\./);
    expect(html).toMatch(/: the two are tied, though it ranks above\./);
  });
});
