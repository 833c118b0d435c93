import { env } from "cloudflare:test";
import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { database } from "../../worker/store/db";
import { evaluations, modelFlags, models } from "../../worker/store/schema";
import { BATCH_ROWS, seedIfEmpty } from "../../worker/store/seed";
import { storedVersions } from "../../worker/store/version";
import { demoData } from "../support/demo";

describe("seedIfEmpty", () => {
  it("loads every model and evaluation once, and a second run adds nothing", async () => {
    const db = database(env.DB);
    const data = demoData();
    expect((await storedVersions(db)).board).toBe("0");

    expect(await seedIfEmpty(db, data)).toBe(4576);
    const version = (await storedVersions(db)).board;
    expect(version).not.toBe("0");

    expect(await seedIfEmpty(db, data)).toBe(0);
    const [evals, mods] = await Promise.all([
      db.select({ n: count() }).from(evaluations).get(),
      db.select({ n: count() }).from(models).get(),
    ]);
    expect(evals?.n).toBe(4576);
    expect(mods?.n).toBe(data.models.length);
    expect((await storedVersions(db)).board).toBe(version);

    const leader = await db
      .select()
      .from(evaluations)
      .where(eq(evaluations.modelId, "MaziyarPanahi/calme-3.2-instruct-78b"))
      .get();
    expect(leader).toMatchObject({
      status: "ranked",
      verification: "seed",
      source: "seed",
      precision: "bfloat16",
      revision: "731f4daf584f822f1393731ccff1d58c7f06b99e",
      chatTemplate: true,
    });
    expect(leader?.average).toBeCloseTo(52.0813839787917, 10);
    expect(leader?.mmlu_pro).toBeCloseTo(70.0336140661939, 10);

    // The one model the old board flagged keeps its flag, now with where it came from as the reason.
    const flags = await db.select().from(modelFlags);
    expect(flags).toEqual([
      expect.objectContaining({
        modelId: "newsbang/Homer-v0.5-Qwen2.5-7B",
        kind: "other",
        reason: expect.stringContaining("Flagged on the Open LLM Leaderboard v2"),
        createdBy: "open-llm-leaderboard",
        liftedAt: null,
      }),
    ]);
    expect((await db.select().from(models).where(eq(models.id, "newsbang/Homer-v0.5-Qwen2.5-7B")).get())?.flagged).toBe(
      true,
    );

    const yi = await db.select().from(models).where(eq(models.id, "01-ai/Yi-1.5-34B")).get();
    expect(yi).toMatchObject({ officialProvider: true, availableOnHub: true, license: "apache-2.0" });
    expect(await db.select().from(evaluations).where(eq(evaluations.modelId, "01-ai/Yi-1.5-34B")).get()).toMatchObject({
      type: "pretrained",
      architecture: "LlamaForCausalLM",
      paramsBillions: 34.389,
    });
  });

  it("keeps each row's type, size and architecture with its evaluation, as the final data has them", async () => {
    const db = database(env.DB);
    await seedIfEmpty(db, demoData());
    const runs = (model: string) =>
      db
        .select({
          revision: evaluations.revision,
          precision: evaluations.precision,
          type: evaluations.type,
          params: evaluations.paramsBillions,
          architecture: evaluations.architecture,
        })
        .from(evaluations)
        .where(eq(evaluations.modelId, model))
        .orderBy(evaluations.precision)
        .all();
    // Two revisions of one model at 1.803B and 3.607B parameters (rows 2385 and 2386 of the CSV).
    expect(await runs("bunnycore/Llama-3.2-3B-Deep-Test")).toEqual([
      {
        revision: "cdf5651d7e39bfc6e70d4908137d103013c09109",
        precision: "bfloat16",
        type: "merge",
        params: 1.803,
        architecture: "LlamaForCausalLM",
      },
      {
        revision: "5fc2f2f533e2de433d4bf99de72745aa2e32f914",
        precision: "float16",
        type: "merge",
        params: 3.607,
        architecture: "LlamaForCausalLM",
      },
    ]);
    // One revision submitted under two types (rows 239 and 240).
    expect((await runs("Daemontatox/AetherTOT")).map((r) => [r.precision, r.type])).toEqual([
      ["bfloat16", "multimodal"],
      ["float16", "fine-tuned"],
    ]);
  });

  describe("a board larger than one batch", () => {
    /** The binding, with `batch` counted and the `failAt`-th call refused as a lost connection would be. */
    function batching(failAt = 0): { d1: D1Database; calls: () => number } {
      let calls = 0;
      const d1 = new Proxy(env.DB, {
        get(target, prop) {
          if (prop === "batch") {
            return (statements: D1PreparedStatement[]) => {
              calls++;
              if (calls === failAt) return Promise.reject(new Error("fetch failed: other side closed"));
              return target.batch(statements);
            };
          }
          const value = Reflect.get(target, prop);
          return typeof value === "function" ? value.bind(target) : value;
        },
      });
      return { d1, calls: () => calls };
    }

    // The file's tests share one database: each of these starts from an empty one.
    const empty = () =>
      env.DB.batch(["model_flags", "evaluations", "models", "meta"].map((t) => env.DB.prepare(`delete from ${t}`)));

    const counts = async (db: ReturnType<typeof database>) => {
      const [evals, mods, flags] = await Promise.all([
        db.select({ n: count() }).from(evaluations).get(),
        db.select({ n: count() }).from(models).get(),
        db.select({ n: count() }).from(modelFlags).get(),
      ]);
      return { evaluations: evals?.n, models: mods?.n, flags: flags?.n };
    };

    it("the real board is one batch; in batches of 1,000 rows it loads the same rows", {
      timeout: 30_000,
    }, async () => {
      await empty();
      const data = demoData();
      expect(data.evaluations.length + data.models.length).toBeLessThanOrEqual(BATCH_ROWS);
      const one = batching();
      expect(await seedIfEmpty(database(one.d1), data)).toBe(4576);
      expect(one.calls()).toBe(1);
      const whole = await counts(database(env.DB));
      await env.DB.batch(
        ["model_flags", "evaluations", "models", "meta"].map((t) => env.DB.prepare(`delete from ${t}`)),
      );

      const chunked = batching();
      expect(await seedIfEmpty(database(chunked.d1), data, Date.now(), 1000)).toBe(4576);
      // 400 rows a statement, at most 1,000 rows a batch: at least rows / 1,000 batches, never more than statements.
      const rows = data.models.length + data.evaluations.length + 1;
      const statements = [data.models.length, data.evaluations.length, 1].reduce((n, r) => n + Math.ceil(r / 400), 0);
      expect(chunked.calls()).toBeGreaterThanOrEqual(Math.ceil(rows / 1000));
      expect(chunked.calls()).toBeLessThanOrEqual(statements);
      expect(await counts(database(env.DB))).toEqual(whole);
      expect(whole).toEqual({ evaluations: 4576, models: data.models.length, flags: 1 });
    });

    it("a seed that fails part way leaves no board version, and the next run completes it once", {
      timeout: 30_000,
    }, async () => {
      await empty();
      const data = demoData();
      // Past the models' batches, into the evaluations'.
      const failing = batching(8);
      await expect(seedIfEmpty(database(failing.d1), data, Date.now(), 1000)).rejects.toThrow("other side closed");
      const db = database(env.DB);
      const partial = await counts(db);
      expect(partial.models).toBe(data.models.length);
      expect(partial.evaluations).toBeGreaterThan(0);
      expect(partial.evaluations).toBeLessThan(4576);
      expect((await storedVersions(db)).board).toBe("0");

      expect(await seedIfEmpty(db, data, Date.now(), 1000)).toBe(4576);
      expect(await counts(db)).toEqual({ evaluations: 4576, models: data.models.length, flags: 1 });
      expect((await storedVersions(db)).board).not.toBe("0");
      expect(await seedIfEmpty(db, data, Date.now(), 1000)).toBe(0);
    });

    it("a database holding a run of its own is never seeded, even without a board version", {
      timeout: 30_000,
    }, async () => {
      const db = database(env.DB);
      await seedIfEmpty(db, demoData());
      await env.DB.prepare(
        "update evaluations set source = 'evaluator' where id = (select min(id) from evaluations)",
      ).run();
      await env.DB.prepare("delete from meta where key = 'version:board'").run();
      expect(await seedIfEmpty(db, demoData())).toBe(0);
    });
  });
});
