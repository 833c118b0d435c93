/**
 * Model ids in any case, in the store, on the old board's final data: a pair of rows it kept apart (it holds two
 * such pairs, e.g. DeepMount00/Llama-3.1-8b-ITA and …-Ita, one commit evaluated twice) reads as one model, and
 * the lookups stay on their indexes.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../worker/store/db";
import { modelHistory } from "../../worker/store/read/model-history";
import { findModel, modelRowsOf } from "../../worker/store/models";
import { columnStanding } from "../../worker/domain/board/standing";
import { loadCompactBoard } from "../../worker/store/read/board";
import { demoData, seedDemo } from "../support/demo";

const ITA = "DeepMount00/Llama-3.1-8b-ITA";
const Ita = "DeepMount00/Llama-3.1-8b-Ita";
let db: Db;

beforeAll(async () => {
  db = await seedDemo();
});

/** The plan SQLite picks for a statement, one line per step. */
async function plan(query: { sql: string; params: unknown[] }): Promise<string> {
  const { results } = await env.DB.prepare(`explain query plan ${query.sql}`)
    .bind(...query.params)
    .all<{ detail: string }>();
  return results.map((r) => r.detail).join("\n");
}

describe("model ids in any case", () => {
  it("finds the exact spelling first, another spelling by the first in order", async () => {
    expect((await findModel(db, Ita))?.id).toBe(Ita);
    expect((await findModel(db, ITA))?.id).toBe(ITA);
    expect((await findModel(db, "deepmount00/llama-3.1-8B-ita"))?.id).toBe(ITA);
    expect(await findModel(db, "deepmount00/other")).toBeUndefined();
  });

  it("gives either spelling the history and the best standing of both rows", async () => {
    const history = await modelHistory(db, "DEEPMOUNT00/LLAMA-3.1-8B-ITA");
    expect(history?.model.id).toBe(ITA);
    expect(history?.evaluations.map((e) => [e.modelId, e.average?.toFixed(2)]).sort()).toEqual([
      [ITA, "28.23"],
      [Ita, "26.27"],
    ]);
    const board = await loadCompactBoard(db);
    expect(columnStanding(board, { model: Ita, precision: null }, "average")?.row.model).toBe(ITA);
  });

  it("looks models up on the lower(id) index, and submissions on theirs", async () => {
    const lookup = modelRowsOf(db, "deepmount00/llama-3.1-8b-ita").toSQL();
    expect(await plan(lookup)).toMatch(/USING (COVERING )?INDEX models_key/);
    const { results, meta } = await env.DB.prepare(lookup.sql)
      .bind(...lookup.params)
      .all();
    expect(results).toHaveLength(2);
    const scan = await env.DB.prepare(lookup.sql.replace('from "models"', 'from "models" not indexed'))
      .bind(...lookup.params)
      .all();
    expect(scan.meta.rows_read).toBe(demoData().models.length);
    expect(meta.rows_read).toBeLessThan(10);
    const live = await plan({
      sql: "select id from submissions where lower(model_id) = lower(?) and sha = ? and precision = ? and status <> 'FAILED' and kind = 'submission'",
      params: ["x/y", "abc", "bfloat16"],
    });
    expect(live).toMatch(/USING (COVERING )?INDEX submissions_one_live/);
    const quota = await plan({
      sql: "select count(*) from submissions where lower(namespace) = lower(?) and created_at > ?",
      params: ["x", 0],
    });
    expect(quota).toMatch(/USING (COVERING )?INDEX submissions_namespace/);
  });
});
