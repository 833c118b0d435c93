/**
 * A run pushed for a queued job must be the job: the same model, the commit the Hub resolved at
 * submission, the same precision, weight type and base model. Otherwise another commit's weights (a pull
 * request's, say) would finish the submission and rank under its name.
 */
import { env } from "cloudflare:test";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { database } from "../../../worker/store/db";
import { evaluations, submissions } from "../../../worker/store/schema";
import { as, signIn, submission, testApp } from "../../support/app";
import { newEvaluator, postSigned } from "../../support/evaluators";
import { completedEvent, harnessResults } from "../../support/harness";
import { GOOD_FACTS, HubDouble } from "../../support/hub-double";

const PR_HEAD = "badc0ffee0badc0ffee0badc0ffee0badc0ffee0";
const COMMIT = "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00";
const hub = new HubDouble().add("ident-org/model").add("ident-org/adapter").add("ident-org/base");
const app = testApp({ hub });
const db = database(env.DB);
let evaluator: { id: string; secret?: string };
let counter = 0;

const signed = (route: string, body: unknown) => postSigned(evaluator.id, evaluator.secret!, body, { route });

/** Submits, claims the job (the only one pending) and returns it. */
async function queuedJob(model: string, extra: Record<string, unknown> = {}, vars: Partial<Env> = {}) {
  const user = await signIn(`completion-${++counter}`);
  const res = await app.fetch(
    "/api/v1/submissions",
    { method: "POST", headers: as(user), body: submission(model, extra) },
    vars,
  );
  expect(res.status).toBe(201);
  const id = ((await res.json()) as any).data.id as string;
  const job = (await (await signed("jobs/claim", {})).json()) as any;
  expect(job.submission_id).toBe(id);
  return job;
}

const evaluationsOf = (model: string) =>
  db.select().from(evaluations).where(sql`lower(${evaluations.modelId}) = ${model.toLowerCase()}`);

beforeAll(async () => {
  evaluator = await newEvaluator({ name: "completion lab" });
});

describe("evaluation.completed for a queued job", () => {
  describe("errors", () => {
    it("refuses a run at another commit than the one the Hub resolved (409), storing nothing", async () => {
      const job = await queuedJob("ident-org/model");
      expect(job).toMatchObject({ model: "ident-org/model", sha: GOOD_FACTS.sha });
      const res = await signed(
        "events",
        completedEvent(harnessResults({ model: "ident-org/model", sha: PR_HEAD }), { job_id: job.job_id }),
      );
      expect(res.status).toBe(409);
      expect(await res.json()).toEqual({
        error: {
          code: "conflict",
          message: `Job ${job.job_id} is ident-org/model at ${GOOD_FACTS.sha} in bfloat16 (Original weights), not ident-org/model at ${PR_HEAD} in bfloat16 (Original weights)`,
          details: {
            job_id: job.job_id,
            mismatched: ["sha"],
            model: "ident-org/model",
            sha: GOOD_FACTS.sha,
            precision: "bfloat16",
            weight_type: "Original",
            base_model: null,
          },
        },
      });
      expect(await evaluationsOf("ident-org/model")).toEqual([]);
      expect((await db.select().from(submissions).where(eq(submissions.jobId, job.job_id)).get())?.status).toBe(
        "RUNNING",
      );

      const right = await signed(
        "events",
        completedEvent(harnessResults({ model: "ident-org/model", sha: GOOD_FACTS.sha }), { job_id: job.job_id }),
      );
      expect(right.status).toBe(201);
      expect((await evaluationsOf("ident-org/model")).map((e) => [e.modelId, e.revision])).toEqual([
        ["ident-org/model", GOOD_FACTS.sha],
      ]);
      expect((await db.select().from(submissions).where(eq(submissions.jobId, job.job_id)).get())?.status).toBe(
        "FINISHED",
      );
    });

    it("refuses a run with other weights or another base model than the job (409)", async () => {
      const job = await queuedJob("ident-org/adapter", { weight_type: "Adapter", base_model: "ident-org/base" });
      const run = (model: Record<string, unknown>) =>
        signed("events", completedEvent(harnessResults({ model: "ident-org/adapter" }), { job_id: job.job_id, model }));
      const original = await run({});
      expect(original.status).toBe(409);
      expect(((await original.json()) as any).error).toMatchObject({
        message: `Job ${job.job_id} is ident-org/adapter at ${GOOD_FACTS.sha} in bfloat16 (Adapter weights on ident-org/base), not ident-org/adapter at ${GOOD_FACTS.sha} in bfloat16 (Original weights)`,
        details: { mismatched: ["weight_type", "base_model"] },
      });
      const otherBase = await run({ weight_type: "Adapter", base_model: "someone/else" });
      expect(otherBase.status).toBe(409);
      expect(((await otherBase.json()) as any).error.details.mismatched).toEqual(["base_model"]);
      expect(await evaluationsOf("ident-org/adapter")).toEqual([]);

      const right = await run({ weight_type: "Adapter", base_model: "IDENT-ORG/Base" });
      expect(right.status).toBe(201);
      expect((await db.select().from(submissions).where(eq(submissions.jobId, job.job_id)).get())?.status).toBe(
        "FINISHED",
      );
    });

    it("checks the commit of an unverified job too when it names one", async () => {
      const job = await queuedJob("offline-ident/model", { revision: COMMIT }, { HUB_OFFLINE: "true" });
      expect(job).toMatchObject({ sha: COMMIT });
      const wrong = await signed(
        "events",
        completedEvent(harnessResults({ model: "offline-ident/model", sha: PR_HEAD }), { job_id: job.job_id }),
      );
      expect(wrong.status).toBe(409);
      expect(((await wrong.json()) as any).error.details.mismatched).toEqual(["sha"]);
      const right = await signed(
        "events",
        completedEvent(harnessResults({ model: "offline-ident/model", sha: COMMIT.toUpperCase() }), {
          job_id: job.job_id,
        }),
      );
      expect(right.status).toBe(201);
      expect((await evaluationsOf("offline-ident/model")).map((e) => e.revision)).toEqual([COMMIT]);
    });
  });

  describe("happy", () => {
    it("stores the run with the type the submission named and the size the Hub counted", async () => {
      const hubbed = new HubDouble().add("facts-org/model", { parameters: 3_607_000_000 });
      const user = await signIn("facts-submitter");
      const res = await testApp({ hub: hubbed }).fetch("/api/v1/submissions", {
        method: "POST",
        headers: as(user),
        body: submission("facts-org/model", { model_type: "merge" }),
      });
      expect(res.status).toBe(201);
      const job = (await (await signed("jobs/claim", {})).json()) as any;
      expect(job).toMatchObject({ model: "facts-org/model", model_type: "merge" });
      const pushed = await signed(
        "events",
        completedEvent(harnessResults({ model: "facts-org/model", sha: GOOD_FACTS.sha }), { job_id: job.job_id }),
      );
      expect(pushed.status).toBe(201);
      // The submission's size (the Hub's 3.607B), not the harness file's 7.24B; its type, not "other".
      expect((await evaluationsOf("facts-org/model")).map((e) => [e.type, e.paramsBillions])).toEqual([
        ["merge", 3.607],
      ]);
    });
  });
});
