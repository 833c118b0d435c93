import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { EvaluationStatus, Precision } from "../../worker/domain/vocabulary";
import { database, type Db } from "../../worker/store/db";
import { evaluations, models } from "../../worker/store/schema";
import type { BenchmarkKey } from "../../worker/domain/benchmarks";
import { columnStanding } from "../../worker/domain/board/standing";
import { loadCompactBoard } from "../../worker/store/read/board";

let db: Db;

interface Row {
  model: string;
  precision?: Precision;
  revision?: string;
  status?: EvaluationStatus;
  average: number | null;
  math?: number | null;
}

let n = 0;
function evaluation(row: Row) {
  n += 1;
  return {
    id: `e${n}`,
    modelId: row.model,
    revision: row.revision ?? "main",
    precision: row.precision ?? "bfloat16",
    status: row.status ?? "ranked",
    ifeval: row.average,
    bbh: row.average,
    math: row.math === undefined ? row.average : row.math,
    gpqa: row.average,
    musr: row.average,
    mmlu_pro: row.average,
    average: row.average,
    provenance: {},
    source: "seed" as const,
    createdAt: 0,
  };
}

beforeAll(async () => {
  db = database(env.DB);
  const ids = ["a/top", "b/tied-1", "c/tied-2", "d/multi", "e/low", "f/partial-only", "legacy"];
  await db.insert(models).values(ids.map((id) => ({ id, createdAt: 0, updatedAt: 0 })));
  // One statement per row: D1 binds at most 100 parameters per statement.
  const rows = [
    evaluation({ model: "a/top", average: 50, math: 10 }),
    evaluation({ model: "b/tied-1", average: 40, math: 30 }),
    evaluation({ model: "c/tied-2", average: 40, math: 30 }),
    evaluation({ model: "d/multi", precision: "bfloat16", average: 30, math: 40 }),
    evaluation({ model: "d/multi", precision: "float16", average: 35, math: 5 }),
    evaluation({ model: "d/multi", precision: "float16", revision: "old", status: "superseded", average: 99 }),
    evaluation({ model: "e/low", average: 10, math: null }),
    evaluation({ model: "f/partial-only", status: "partial", average: 90 }),
    evaluation({ model: "legacy", average: 20 }),
  ];
  const [first, ...rest] = rows.map((r) => db.insert(evaluations).values(r));
  if (first) await db.batch([first, ...rest]);
});

/** The standing a badge reads, on the board as D1 gives it (what the publisher publishes). */
async function modelStanding(model: string, column: "average" | BenchmarkKey, precision?: Precision) {
  return columnStanding(await loadCompactBoard(db), { model, precision: precision ?? null }, column);
}

describe("a badge's standing on the board", () => {
  it("ranks by average among ranked evaluations only; superseded and partial rows neither rank nor count", async () => {
    const top = await modelStanding("a/top", "average");
    expect(top).toMatchObject({ rank: 1, total: 7, value: 50 });
    expect(top?.row.model).toBe("a/top");
    expect((await modelStanding("legacy", "average"))?.rank).toBe(6);
  });

  it("gives ties the same rank: 1 + the number strictly better", async () => {
    expect((await modelStanding("b/tied-1", "average"))?.rank).toBe(2);
    expect((await modelStanding("c/tied-2", "average"))?.rank).toBe(2);
  });

  it("takes the model's best ranked evaluation, or the one of the precision asked for", async () => {
    const best = await modelStanding("d/multi", "average");
    expect(best).toMatchObject({ rank: 4, value: 35 });
    expect(best?.row.precision).toBe("float16");
    const bf16 = await modelStanding("d/multi", "average", "bfloat16");
    expect(bf16).toMatchObject({ rank: 5, value: 30 });
    expect(await modelStanding("d/multi", "average", "4bit")).toBeNull();
  });

  it("ranks a benchmark by its own column, counting only ranked rows that have a value", async () => {
    const math = await modelStanding("d/multi", "math", "bfloat16");
    expect(math).toMatchObject({ rank: 1, total: 6, value: 40 });
    expect(await modelStanding("a/top", "math")).toMatchObject({ rank: 5, total: 6, value: 10 });
    expect((await modelStanding("e/low", "math"))?.value).toBeNull();
  });

  it("answers null for an unknown model and for one with no ranked evaluation", async () => {
    expect(await modelStanding("nobody/none", "average")).toBeNull();
    expect(await modelStanding("f/partial-only", "average")).toBeNull();
  });
});
