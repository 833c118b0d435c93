/**
 * Model ids in any case, in the store: a pair of rows the old board kept apart (its final data holds two such
 * pairs, e.g. DeepMount00/Llama-3.1-8b-ITA and …-Ita at one commit) reads as one model, and the lookups stay on
 * their indexes.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { database } from "../../worker/store/db";
import { modelHistory } from "../../worker/store/board";
import { findModel, modelRowsOf } from "../../worker/store/models";
import { evaluations, models } from "../../worker/store/schema";
import { modelStanding } from "../../worker/store/standings";

const db = database(env.DB);
const ITA = "DeepMount00/Llama-3.1-8b-ITA";
const Ita = "DeepMount00/Llama-3.1-8b-Ita";

beforeAll(async () => {
  const now = Date.now();
  const run = (id: string, modelId: string, average: number, chatTemplate: boolean) => ({
    id,
    modelId,
    revision: "5ede1e388b6b15bc06acd364a8f805fe9ed16db9",
    precision: "bfloat16" as const,
    chatTemplate,
    status: "ranked" as const,
    average,
    provenance: {},
    source: "seed" as const,
    createdAt: now,
  });
  await db.batch([
    db.insert(models).values([ITA, Ita].map((id) => ({ id, createdAt: now, updatedAt: now }))),
    db.insert(evaluations).values([run("seed:ita", ITA, 28.2, true), run("seed:Ita", Ita, 26.3, false)]),
  ]);
});

/** The plan SQLite picks for a statement, one line per step. */
async function plan(query: { sql: string; params: unknown[] }): Promise<string> {
  const { results } = await env.DB.prepare(`explain query plan ${query.sql}`).bind(...query.params).all<{ detail: string }>();
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
    expect(history?.evaluations.map((e) => e.id).sort()).toEqual(["seed:Ita", "seed:ita"]);
    expect((await modelStanding(db, Ita, "average"))?.evaluation.id).toBe("seed:ita");
  });

  it("looks models up on the lower(id) index, and submissions on theirs", async () => {
    expect(await plan(modelRowsOf(db, "x/y").toSQL())).toMatch(/USING (COVERING )?INDEX models_key/);
    const live = await plan({
      sql: "select id from submissions where lower(model_id) = lower(?) and sha = ? and precision = ? and status <> 'FAILED'",
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
