import { env } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { interpretCompleted } from "../../worker/domain/harness/interpret";
import { parseEvaluatorEvent, type CompletedEvent } from "../../worker/domain/harness/events";
import { database } from "../../worker/store/db";
import { createEvaluator } from "../../worker/store/evaluators";
import { findDelivery, recordDelivery } from "../../worker/store/deliveries";
import { ingestPushedEvaluation } from "../../worker/store/evaluations";
import { deliveries, evaluations, models } from "../../worker/store/schema";
import { storedVersions } from "../../worker/store/version";
import { readGroup } from "../../worker/store/verification";
import { judgedPush } from "../../worker/use-cases/verification";
import { BENCHMARK_KEYS } from "../../worker/domain/benchmarks";
import { completedEvent, harnessResults, type HarnessSpec } from "../support/harness";

const db = database(env.DB);
const EVALUATOR = "ev_ingest";
let n = 0;

async function push(spec: HarnessSpec, webhookId = `msg_${++n}`, model: Record<string, unknown> = {}) {
  const event = completedEvent(harnessResults(spec), Object.keys(model).length ? { model } : {});
  const parsed = parseEvaluatorEvent(JSON.parse(JSON.stringify(event)));
  if (!parsed.ok) throw new Error("bad event");
  const interpreted = interpretCompleted((parsed.event as CompletedEvent).data);
  if (!interpreted.ok) throw new Error("bad results");
  const id = `eval_${webhookId}`;
  const e = interpreted.evaluation;
  const now = 1_000_000 + n;
  const key = {
    modelId: e.model.id,
    revision: e.model.revision,
    precision: e.model.precision,
    chatTemplate: e.model.chatTemplate,
  };
  const group = await readGroup(db, key);
  group.model ??= { baseModel: null };
  const { write } = judgedPush(
    group,
    {
      id,
      evaluatorId: EVALUATOR,
      trust: "trusted",
      full: e.status !== "partial",
      scores: BENCHMARK_KEYS.map((k) => e.scores[k]?.normalized ?? null),
      weightType: e.model.weightType,
    },
    { tolerance: 1, auditRate: 0, random: () => 0.5, now },
  );
  return ingestPushedEvaluation(db, {
    write,
    id,
    evaluatorId: EVALUATOR,
    evaluation: interpreted.evaluation,
    provenance: { webhookId, bodySha256: "00", ...interpreted.evaluation.provenance },
    now,
    delivery: {
      evaluatorId: EVALUATOR,
      webhookId,
      type: "evaluation.completed",
      receivedAt: 1,
      bodySha256: "00",
      evaluationId: id,
      responseStatus: 201,
      response: { evaluation_id: id },
    },
  }).then(() => id);
}

const statusOf = async (id: string) =>
  (await db.select({ status: evaluations.status }).from(evaluations).where(eq(evaluations.id, id)).get())?.status;

beforeAll(async () => {
  // Trusted, so that each full run ranks at once: this file is about storage, verification has its own tests.
  await createEvaluator(
    db,
    { id: EVALUATOR, name: "ingest lab", trust: "trusted" },
    { id: "k", scheme: "v1", material: "x" },
  );
});

describe("ingestPushedEvaluation", () => {
  it("creates the model, the evaluation with provenance and the delivery, and moves the board version", async () => {
    const before = (await storedVersions(db)).board;
    const id = await push({ model: "new-org/new-model" }, "msg_first");
    const row = await db.select().from(evaluations).where(eq(evaluations.id, id)).get();
    expect(row).toMatchObject({
      modelId: "new-org/new-model",
      status: "ranked",
      source: "evaluator",
      evaluatorId: EVALUATOR,
      precision: "bfloat16",
      revision: "0123456789abcdef0123456789abcdef01234567",
    });
    expect(row?.provenance).toMatchObject({ webhookId: "msg_first", harnessVersion: "0.4.9.1" });
    expect(row?.subtasks?.leaderboard_bbh_snarks?.value).toBe(0.55);
    expect(row?.average).toBeGreaterThan(0);
    // A new model's first run that names no type: "other"; its size is the harness's count.
    expect(row).toMatchObject({ type: "other", architecture: null, paramsBillions: 7.241732096 });
    expect(await db.select().from(models).where(eq(models.id, "new-org/new-model")).get()).toBeDefined();
    expect((await findDelivery(db, EVALUATOR, "msg_first"))?.evaluationId).toBe(id);
    expect((await storedVersions(db)).board).not.toBe(before);
  });

  it("keeps an existing model's metadata", async () => {
    await db.insert(models).values({ id: "kept/model", license: "mit", likes: 7, createdAt: 1, updatedAt: 1 });
    await push({ model: "kept/model" });
    expect(await db.select().from(models).where(eq(models.id, "kept/model")).get()).toMatchObject({
      license: "mit",
      likes: 7,
      updatedAt: 1,
    });
  });

  it("stores the type the evaluator names and the harness's size with the run", async () => {
    const id = await push({ model: "typed/model", parameters: 1_803_000_000 }, undefined, { model_type: "merge" });
    expect(await db.select().from(evaluations).where(eq(evaluations.id, id)).get()).toMatchObject({
      type: "merge",
      paramsBillions: 1.803,
    });
  });

  it("a run that says neither type nor size keeps those of the model's newest run, at its revision first", async () => {
    const sha = (c: string) => c.repeat(40);
    await db.insert(models).values({ id: "facts/model", createdAt: 1, updatedAt: 1 });
    const seeded = (id: string, revision: string, createdAt: number, facts: object) =>
      db.insert(evaluations).values({
        id,
        modelId: "facts/model",
        revision,
        precision: "float16",
        status: "ranked",
        provenance: {},
        source: "seed",
        createdAt,
        ...facts,
      });
    await seeded("facts-a", sha("a"), 10, { type: "chat", architecture: "LlamaForCausalLM", paramsBillions: 1.8 });
    await seeded("facts-b", sha("b"), 20, { type: "merge", architecture: "MistralForCausalLM", paramsBillions: 3.6 });
    const atC = await push({ model: "facts/model", sha: sha("c"), parameters: null });
    const atA = await push({ model: "facts/model", sha: sha("a"), parameters: null });
    const facts = (id: string) =>
      db
        .select({ type: evaluations.type, architecture: evaluations.architecture, params: evaluations.paramsBillions })
        .from(evaluations)
        .where(eq(evaluations.id, id))
        .get();
    // At a revision never run before: the newest run's.
    expect(await facts(atC)).toEqual({ type: "merge", architecture: "MistralForCausalLM", params: 3.6 });
    // At a revision run before: that revision's, though the run at c is newer.
    expect(await facts(atA)).toEqual({ type: "chat", architecture: "LlamaForCausalLM", params: 1.8 });
  });

  it("a newer full run supersedes the ranked one of the same model, revision and precision; history stays", async () => {
    const first = await push({ model: "org/twice", mmlu_pro: 0.3 });
    const partial = await push({ model: "org/twice", limit: 5 });
    expect(await statusOf(first)).toBe("ranked");
    expect(await statusOf(partial)).toBe("partial");
    const otherPrecision = await push({ model: "org/twice", dtype: "float16" });
    const second = await push({ model: "org/twice", mmlu_pro: 0.4 });
    expect(await statusOf(first)).toBe("superseded");
    expect(await statusOf(second)).toBe("ranked");
    expect(await statusOf(otherPrecision)).toBe("ranked");
    const all = await db.select().from(evaluations).where(eq(evaluations.modelId, "org/twice"));
    expect(all).toHaveLength(4);
  });

  it("a failure in the last statement leaves nothing behind: no model, no evaluation, nothing superseded", async () => {
    const ranked = await push({ model: "org/atomic" });
    // A delivery already recorded under the webhook id the next write will use: its insert, the batch's last
    // statement, violates the primary key.
    await recordDelivery(db, {
      evaluatorId: EVALUATOR,
      webhookId: "msg_taken",
      type: "evaluation.started",
      receivedAt: 1,
      bodySha256: "11",
      responseStatus: 202,
      response: {},
    });
    const version = (await storedVersions(db)).board;
    await expect(push({ model: "org/atomic", mmlu_pro: 0.9 }, "msg_taken")).rejects.toThrow();
    await expect(push({ model: "org/never-created" }, "msg_taken")).rejects.toThrow();
    expect(await statusOf(ranked)).toBe("ranked");
    expect(await statusOf("eval_msg_taken")).toBeUndefined();
    expect(await db.select().from(models).where(eq(models.id, "org/never-created")).get()).toBeUndefined();
    expect((await storedVersions(db)).board).toBe(version);
    const taken = await db
      .select()
      .from(deliveries)
      .where(and(eq(deliveries.evaluatorId, EVALUATOR), eq(deliveries.webhookId, "msg_taken")));
    expect(taken.map((d) => d.type)).toEqual(["evaluation.started"]);
  });
});
