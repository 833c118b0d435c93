import { env, SELF } from "cloudflare:test";
import { csvParse } from "d3-dsv";
import { beforeAll, describe, expect, it } from "vitest";
import { csvCell } from "../../../worker/domain/csv";
import { database } from "../../../worker/store/db";
import { evaluations, models } from "../../../worker/store/schema";
import { bumpVersions } from "../../../worker/store/version";
import { seedDemo } from "../../support/demo";
import { published } from "../../support/publish";

const hostile = '=HYPERLINK("http://evil.example","x"),@SUM(1)';

beforeAll(async () => {
  await seedDemo();
  const db = database(env.DB);
  await db.batch([
    db.insert(models).values({
      id: "evil/model",
      license: hostile,
      createdAt: 0,
      updatedAt: 0,
    }),
    db.insert(evaluations).values({
      id: "ev-evil",
      modelId: "evil/model",
      revision: "-1",
      precision: "bfloat16",
      type: "other",
      architecture: "+cmd|' /C calc'!A0",
      status: "ranked",
      ifeval: 1,
      bbh: 1,
      math: 1,
      gpqa: 1,
      musr: 1,
      mmlu_pro: 1,
      average: 1,
      provenance: {},
      source: "evaluator",
      createdAt: 0,
    }),
    bumpVersions(db, ["board"]),
  ]);
  await published();
});

describe("GET /api/v1/leaderboard.csv", () => {
  describe("happy", () => {
    it("exports the whole board, ignoring limit and offset, with normalized and raw scores", async () => {
      const res = await SELF.fetch("https://podium.test/api/v1/leaderboard.csv?limit=5&offset=10");
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      expect(res.headers.get("content-disposition")).toBe('attachment; filename="podium-leaderboard.csv"');
      expect(res.headers.get("etag")).toBeTruthy();
      const rows = csvParse(await res.text());
      expect(rows).toHaveLength(4577);
      expect(rows.columns.slice(0, 4)).toEqual(["rank", "model", "revision", "precision"]);
      expect(rows.columns).toContain("mmlu_pro_raw");
      const first = rows[0]!;
      expect(first.rank).toBe("1");
      expect(first.model).toBe("MaziyarPanahi/calme-3.2-instruct-78b");
      expect(Number(first.average).toFixed(2)).toBe("52.08");
      expect(Number(first.ifeval)).toBeCloseTo(80.6260721552148, 10);
      expect(Number(first.ifeval_raw)).toBeCloseTo(0.806260721552148, 12);
    });

    it("exports the filtered view in its order", async () => {
      const res = await SELF.fetch("https://podium.test/api/v1/leaderboard.csv?types=pretrained&sort=params&order=asc");
      const rows = csvParse(await res.text());
      expect(rows.length).toBeGreaterThan(10);
      expect(rows.every((r) => r.type === "pretrained")).toBe(true);
      const params = rows
        .map((r) => r.params_billions)
        .filter((p) => p !== "")
        .map(Number);
      expect(params).toEqual([...params].sort((a, b) => a - b));
    });

    it("defuses cells a spreadsheet would run as formulas and keeps numbers as numbers", async () => {
      const res = await SELF.fetch("https://podium.test/api/v1/leaderboard.csv?search=%5Eevil%2F");
      const rows = csvParse(await res.text());
      expect(rows).toHaveLength(1);
      expect(rows[0]!.license).toBe(`'${hostile}`);
      expect(rows[0]!.architecture).toBe("'+cmd|' /C calc'!A0");
      expect(rows[0]!.revision).toBe("'-1");
      expect(rows[0]!.co2_kg).toBe("");
    });
  });

  describe("errors", () => {
    it("refuses an invalid parameter with the envelope", async () => {
      const res = await SELF.fetch("https://podium.test/api/v1/leaderboard.csv?sort=nope");
      expect(res.status).toBe(400);
      const body = (await res.json()) as any;
      expect(body.error.code).toBe("invalid_parameter");
      expect(body.error.details[0].path).toBe("sort");
    });
  });
});

describe("csvCell", () => {
  it.each([
    ["=1+1", "'=1+1"],
    ["+1", "'+1"],
    ["-1", "'-1"],
    ["@A1", "'@A1"],
    ["\tx", "'\tx"],
    ['say "hi", ok', '"say ""hi"", ok"'],
    ["a\nb", '"a\nb"'],
    ["plain", "plain"],
  ])("writes %j as %j", (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it("writes numbers, booleans and null plainly", () => {
    expect(csvCell(-1.5)).toBe("-1.5");
    expect(csvCell(true)).toBe("true");
    expect(csvCell(null)).toBe("");
    expect(csvCell(Number.NaN)).toBe("");
  });
});

describe("GET /api/v1/leaderboard.json", () => {
  describe("happy", () => {
    it("exports every row of the filtered view in the API's entry shape", async () => {
      const res = await SELF.fetch("https://podium.test/api/v1/leaderboard.json?precision=float16&limit=2");
      expect(res.status).toBe(200);
      expect(res.headers.get("content-disposition")).toBe('attachment; filename="podium-leaderboard.json"');
      const body = (await res.json()) as any;
      expect(body.data.length).toBe(body.total);
      expect(body.total).toBeGreaterThan(2);
      expect(body.data.every((e: any) => e.precision === "float16")).toBe(true);
      const page = (await (
        await SELF.fetch("https://podium.test/api/v1/leaderboard?precision=float16&limit=2")
      ).json()) as any;
      expect(body.data.slice(0, 2)).toEqual(page.data);
    });
  });

  describe("errors", () => {
    it("refuses an invalid parameter naming it", async () => {
      const res = await SELF.fetch("https://podium.test/api/v1/leaderboard.json?params=big");
      expect(res.status).toBe(400);
      expect(((await res.json()) as any).error.details[0].path).toBe("params");
    });
  });
});
