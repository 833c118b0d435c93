/**
 * The model-card routes against the model API: the YAML parsed with the `yaml` library and the Markdown table read
 * line by line, every figure held against the API's value of the same evaluation (within half a hundredth, at
 * most two decimals), never against the code that writes them.
 */
import { SELF } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { evaluations, models } from "../../../worker/store/schema";
import { bumpVersions } from "../../../worker/store/version";
import { seedDemo } from "../../support/demo";
import { published } from "../../support/publish";

const ORIGIN = "https://podium.test";
const LEADER = "MaziyarPanahi/calme-3.2-instruct-78b";
const PARTIAL_ONLY = "podium-test/partial-only";

/** Card dataset names → API benchmark keys, from ../shared/reference/model-cards.md. */
const DATASETS: Record<string, string> = {
  "IFEval (0-Shot)": "ifeval",
  "BBH (3-Shot)": "bbh",
  "MATH Lvl 5 (4-Shot)": "math",
  "GPQA (0-shot)": "gpqa",
  "MuSR (0-shot)": "musr",
  "MMLU-PRO (5-shot)": "mmlu_pro",
};

/** The body as UTF-8 text (workerd's `text()` warns on a type outside text/*, such as application/yaml). */
const utf8 = async (res: Response) => new TextDecoder().decode(await res.arrayBuffer());

type Evaluation = { id: string; status: string; precision: string; average: number; scores: any };

async function api(id: string): Promise<{ model: { id: string }; evaluations: Evaluation[] }> {
  const res = await SELF.fetch(`${ORIGIN}/api/v1/models/${id}`);
  expect(res.status).toBe(200);
  return (await res.json()) as any;
}

/** The ranked evaluation with the highest average (of `precision` when given), read from the API. */
async function best(id: string, precision?: string): Promise<Evaluation> {
  const ranked = (await api(id)).evaluations.filter(
    (e) => e.status === "ranked" && (precision === undefined || e.precision === precision),
  );
  return ranked.sort((a, b) => b.average - a.average)[0]!;
}

/** `figure` is `value` with at most two decimals, rounded to the nearest hundredth. */
function expectTwoDecimals(figure: number, value: number, where: string) {
  expect(String(figure), where).toMatch(/^-?\d+(\.\d{1,2})?$/);
  expect(Math.abs(figure - value), where).toBeLessThanOrEqual(0.005 + 1e-9);
}

function expectIndexMatches(text: string, modelId: string, evaluation: Evaluation) {
  const doc = parse(text) as any;
  expect(Object.keys(doc)).toEqual(["model-index"]);
  expect(doc["model-index"]).toHaveLength(1);
  const [entry] = doc["model-index"];
  expect(entry.name).toBe(modelId.split("/").pop());
  expect(entry.results).toHaveLength(6);
  const seen = new Set<string>();
  for (const result of entry.results) {
    expect(result.task).toEqual({ type: "text-generation", name: "Text Generation" });
    const key = DATASETS[result.dataset.name]!;
    expect(key, result.dataset.name).toBeDefined();
    seen.add(key);
    expect(result.metrics).toHaveLength(1);
    expectTwoDecimals(result.metrics[0].value, evaluation.scores[key].normalized, key);
    expect(result.source).toEqual({
      name: "Podium",
      url: `${ORIGIN}/models/${modelId}?precision=${evaluation.precision}`,
    });
  }
  expect(seen.size).toBe(6);
}

/** The Markdown table's rows, `metric → value`, and its link. */
function readTable(text: string): { heading: string; link: string; rows: Record<string, number> } {
  const lines = text.split("\n");
  const rows: Record<string, number> = {};
  for (const line of lines.filter((l) => /^\|[^-]/.test(l)).slice(1)) {
    const [, metric, value] = line.split("|");
    rows[metric!.trim()] = Number(value!.trim());
  }
  return { heading: lines[0]!, link: /\]\((.*)\)$/.exec(lines[1]!)![1]!, rows };
}

beforeAll(async () => {
  const db = await seedDemo();
  await db.batch([
    db.insert(models).values({ id: PARTIAL_ONLY, createdAt: 0, updatedAt: 0 }),
    db.insert(evaluations).values({
      id: "ev-card-partial",
      modelId: PARTIAL_ONLY,
      revision: "0000000000000000000000000000000000000002",
      precision: "bfloat16",
      weightType: "Original",
      chatTemplate: false,
      status: "partial",
      ifeval_raw: 0.5,
      ifeval: 40,
      co2Kg: 0,
      source: "evaluator",
      provenance: { limit: 1 },
      createdAt: 1_000,
    }),
    bumpVersions(db, ["board"]),
  ]);
  await published();
});

describe("GET /api/v1/models/{org}/{name}/model-index.yaml", () => {
  describe("happy", () => {
    it("answers the model-index block of the model's best ranked evaluation, as YAML that parses to the API's values", async () => {
      const res = await SELF.fetch(`${ORIGIN}/api/v1/models/${LEADER}/model-index.yaml`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/yaml; charset=utf-8");
      expect(res.headers.get("access-control-allow-origin")).toBe("*");
      expect(res.headers.get("x-podium-version")).toMatch(/^board=/);
      expectIndexMatches(await utf8(res), LEADER, await best(LEADER));
    });

    it("follows ?precision= and takes legacy ids without a namespace", async () => {
      for (const precision of ["bfloat16", "float16"]) {
        const res = await SELF.fetch(`${ORIGIN}/api/v1/models/gpt2/model-index.yaml?precision=${precision}`);
        expect(res.status, precision).toBe(200);
        expectIndexMatches(await utf8(res), "gpt2", await best("gpt2", precision));
      }
      // Without a precision: the best ranked evaluation (gpt2's bfloat16 run averages 6.39, float16 5.98).
      const plain = await SELF.fetch(`${ORIGIN}/api/v1/models/gpt2/model-index.yaml`);
      const text = await utf8(plain);
      expect((await best("gpt2")).precision).toBe("bfloat16");
      expectIndexMatches(text, "gpt2", await best("gpt2", "bfloat16"));
    });

    it("finds the model in any case and names it as the Hub spells it", async () => {
      const res = await SELF.fetch(`${ORIGIN}/api/v1/models/${LEADER.toLowerCase()}/model-index.yaml`);
      expect(res.status).toBe(200);
      expectIndexMatches(await utf8(res), LEADER, await best(LEADER));
    });

    it("is a cached view of the board: 304 on its ETag, a new ETag and new figures once the board moves", async () => {
      const url = `${ORIGIN}/api/v1/models/gpt2/model-index.yaml?precision=float16`;
      const first = await SELF.fetch(url);
      const etag = first.headers.get("etag")!;
      await utf8(first);
      const again = await SELF.fetch(url, { headers: { "if-none-match": etag } });
      expect(again.status).toBe(304);

      const db = await seedDemo();
      const old = await best("gpt2", "float16");
      await db.batch([
        db.update(evaluations).set({ status: "superseded" }).where(eq(evaluations.id, old.id)),
        db.insert(evaluations).values({
          id: "ev-card-gpt2-new",
          modelId: "gpt2",
          revision: "607a30d783dfa663caf39e06633721c8d4cfcd7e",
          precision: "float16",
          weightType: "Original",
          chatTemplate: false,
          status: "ranked",
          ifeval_raw: 0.3,
          ifeval: 12.345,
          bbh_raw: 0.3,
          bbh: 4,
          math_raw: 0.01,
          math: 1,
          gpqa_raw: 0.26,
          gpqa: 1.5,
          musr_raw: 0.4,
          musr: 6,
          mmlu_pro_raw: 0.12,
          mmlu_pro: 2,
          average: 4.47,
          co2Kg: 0,
          source: "evaluator",
          provenance: {},
          createdAt: Date.now(),
        }),
        bumpVersions(db, ["board"]),
      ]);
      await published();
      const moved = await SELF.fetch(url, { headers: { "if-none-match": etag } });
      expect(moved.status).toBe(200);
      expect(moved.headers.get("etag")).not.toBe(etag);
      const doc = parse(await utf8(moved)) as any;
      const ifeval = doc["model-index"][0].results.find((r: any) => r.dataset.name === "IFEval (0-Shot)");
      expect(ifeval.metrics[0].value).toBe(12.35);
      expect((await best("gpt2", "float16")).id).toBe("ev-card-gpt2-new");
    });
  });

  describe("errors", () => {
    it("answers a 404 envelope for an unknown model, with or without a namespace", async () => {
      const res = await SELF.fetch(`${ORIGIN}/api/v1/models/nobody/nothing/model-index.yaml`);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: { code: "not_found", message: "No model nobody/nothing" } });
      const legacy = await SELF.fetch(`${ORIGIN}/api/v1/models/gpt3/model-index.yaml`);
      expect(legacy.status).toBe(404);
      expect(await legacy.json()).toEqual({ error: { code: "not_found", message: "No model gpt3" } });
    });

    it("answers a 404 envelope for a model without a ranked evaluation (of that precision)", async () => {
      const partial = await SELF.fetch(`${ORIGIN}/api/v1/models/${PARTIAL_ONLY}/model-index.yaml`);
      expect(partial.status).toBe(404);
      expect(await partial.json()).toEqual({
        error: { code: "not_found", message: `${PARTIAL_ONLY} has no ranked evaluation` },
      });
      const res = await SELF.fetch(`${ORIGIN}/api/v1/models/gpt2/model-card.md?precision=4bit`);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({
        error: { code: "not_found", message: "gpt2 has no ranked evaluation in 4bit", details: { precision: "4bit" } },
      });
    });

    it("answers a 400 envelope naming an unknown precision", async () => {
      const res = await SELF.fetch(`${ORIGIN}/api/v1/models/${LEADER}/model-index.yaml?precision=fp8`);
      expect(res.status).toBe(400);
      const body = (await res.json()) as any;
      expect(body.error.code).toBe("invalid_parameter");
      expect(body.error.details[0].path).toBe("precision");
    });
  });
});

describe("GET /api/v1/models/{org}/{name}/model-card.md", () => {
  it("answers the Markdown table of the same evaluation: the average and the six benchmarks, linked to Podium", async () => {
    const res = await SELF.fetch(`${ORIGIN}/api/v1/models/${LEADER}/model-card.md`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    const evaluation = await best(LEADER);
    const table = readTable(await utf8(res));
    expect(table.heading).toBe("# Podium Evaluation Results");
    expect(table.link).toBe(`${ORIGIN}/models/${LEADER}?precision=${evaluation.precision}`);
    expect(Object.keys(table.rows)).toEqual(["Avg.", ...Object.keys(DATASETS)]);
    expectTwoDecimals(table.rows["Avg."]!, evaluation.average, "Avg.");
    for (const [name, key] of Object.entries(DATASETS)) {
      expectTwoDecimals(table.rows[name]!, evaluation.scores[key].normalized, name);
    }
  });

  it("takes legacy ids and ?precision=, and agrees with the YAML of the same URL", async () => {
    const evaluation = await best("gpt2", "float16");
    const md = readTable(await utf8(await SELF.fetch(`${ORIGIN}/api/v1/models/gpt2/model-card.md?precision=float16`)));
    const yaml = parse(
      await utf8(await SELF.fetch(`${ORIGIN}/api/v1/models/gpt2/model-index.yaml?precision=float16`)),
    ) as any;
    expect(md.link).toBe(`${ORIGIN}/models/gpt2?precision=float16`);
    expectTwoDecimals(md.rows["Avg."]!, evaluation.average, "Avg.");
    for (const result of yaml["model-index"][0].results) {
      expect(md.rows[result.dataset.name], result.dataset.name).toBe(result.metrics[0].value);
    }
  });
});
