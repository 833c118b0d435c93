import { env } from "cloudflare:test";
import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { database } from "../../worker/store/db";
import { evaluations, modelFlags, models } from "../../worker/store/schema";
import { seedIfEmpty } from "../../worker/store/seed";
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
});
