/**
 * Hub repo ids are case-insensitive: `qwen/x`, `QWEN/x` and `Qwen/x` are one model. Submissions store the Hub's
 * canonical id, duplicates and pushed runs are matched in any case, and every read finds the model.
 */
import { env, SELF } from "cloudflare:test";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { database } from "../../worker/store/db";
import { evaluations, models, submissions } from "../../worker/store/schema";
import { as, signIn, submission, testApp } from "../support/app";
import { BASE, newEvaluator, postSigned } from "../support/evaluators";
import { completedEvent, harnessResults } from "../support/harness";
import { GOOD_FACTS, HubDouble } from "../support/hub-double";

const hub = new HubDouble().add("Qwen/Case-Model").add("Dup-Org/Model");
const app = testApp({ hub });
const db = database(env.DB);
let alice: { id: string; cookie: string };
let evaluator: { id: string; secret?: string };

beforeAll(async () => {
  alice = await signIn("alice");
  // Trusted, so its runs rank at once: this file is about model ids, not verification.
  evaluator = await newEvaluator({ name: "case lab", trust: "trusted" });
});

const post = (body: string, vars: Partial<Env> = {}) =>
  app.fetch("/api/v1/submissions", { method: "POST", headers: as(alice), body }, vars);
const push = (model: string, sha: string) =>
  postSigned(evaluator.id, evaluator.secret!, completedEvent(harnessResults({ model, sha })));
const modelsLike = (id: string) =>
  db.select({ id: models.id }).from(models).where(sql`lower(${models.id}) = ${id.toLowerCase()}`);

describe("model ids in any case", () => {
  describe("happy", () => {
    it("stores the Hub's canonical id and namespace, whatever case was typed", async () => {
      const res = await post(submission("qwen/case-model"));
      expect(res.status).toBe(201);
      const { data } = (await res.json()) as { data: any };
      expect(data.model).toBe("Qwen/Case-Model");
      expect(
        await db
          .select({ modelId: submissions.modelId, namespace: submissions.namespace })
          .from(submissions)
          .where(eq(submissions.id, data.id)),
      ).toEqual([{ modelId: "Qwen/Case-Model", namespace: "Qwen" }]);
    });

    it("stores the run that completes a job under the job's id, whatever case the evaluator wrote", async () => {
      const job = (await (
        await postSigned(evaluator.id, evaluator.secret!, {}, { route: "jobs/claim" })
      ).json()) as any;
      expect(job.model).toBe("Qwen/Case-Model");
      const res = await postSigned(
        evaluator.id,
        evaluator.secret!,
        completedEvent(harnessResults({ model: "QWEN/case-model", sha: job.sha }), { job_id: job.job_id }),
      );
      expect(res.status).toBe(201);
      expect(((await res.json()) as any).model_id).toBe("Qwen/Case-Model");
      expect(await modelsLike("qwen/case-model")).toEqual([{ id: "Qwen/Case-Model" }]);
    });

    it("joins a pushed run of a case variant to the existing model", async () => {
      const first = await push("Case-Org/Pushed", GOOD_FACTS.sha);
      expect(first.status).toBe(201);
      const second = await push("case-org/PUSHED", "fedcba9876543210fedcba9876543210fedcba98");
      expect(second.status).toBe(201);
      expect(((await second.json()) as any).model_id).toBe("Case-Org/Pushed");
      expect(await modelsLike("case-org/pushed")).toEqual([{ id: "Case-Org/Pushed" }]);
      const stored = await db
        .select({ modelId: evaluations.modelId })
        .from(evaluations)
        .where(sql`lower(${evaluations.modelId}) = 'case-org/pushed'`);
      expect(stored).toEqual([{ modelId: "Case-Org/Pushed" }, { modelId: "Case-Org/Pushed" }]);
    });

    it("never creates a second model when two case variants of a new model arrive at once", async () => {
      const results = await Promise.all([
        push("Race-Case/New", GOOD_FACTS.sha),
        push("race-case/new", "1234512345123451234512345123451234512345"),
        push("RACE-CASE/NEW", "6789067890678906789067890678906789067890"),
      ]);
      expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
      const [only] = await modelsLike("race-case/new");
      expect(await modelsLike("race-case/new")).toHaveLength(1);
      const stored = await db
        .select({ modelId: evaluations.modelId })
        .from(evaluations)
        .where(sql`lower(${evaluations.modelId}) = 'race-case/new'`);
      expect(stored.map((e) => e.modelId)).toEqual([only!.id, only!.id, only!.id]);
    });

    it("finds the model in the API under any case, with the canonical id and its whole history", async () => {
      const res = await SELF.fetch(`${BASE}/api/v1/models/CASE-ORG/pushed`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as any;
      expect(body.model.id).toBe("Case-Org/Pushed");
      expect(body.evaluations).toHaveLength(2);
    });

    it("redirects a model page in another case to the canonical URL with a 301", async () => {
      const res = await SELF.fetch(`${BASE}/models/case-org/pushed`, { redirect: "manual" });
      expect(res.status).toBe(301);
      expect(res.headers.get("location")).toBe("/models/Case-Org/Pushed");
      const page = await SELF.fetch(`${BASE}/models/Case-Org/Pushed`, { redirect: "manual" });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("Case-Org/Pushed");
    });

    it("ranks the model on its badge under any case", async () => {
      const exact = await (await SELF.fetch(`${BASE}/badge/Case-Org/Pushed.svg`)).text();
      const variant = await (await SELF.fetch(`${BASE}/badge/CASE-ORG/pushed.svg`)).text();
      expect(exact).toMatch(/aria-label="podium rank: #\d+ of \d+"/);
      expect(variant).toBe(exact);
    });

    it("shows one model on the board, under its canonical id", async () => {
      const board = (await (await SELF.fetch(`${BASE}/api/v1/leaderboard?search=case-org&limit=500`)).json()) as any;
      expect(board.data.map((e: any) => e.model.id)).toEqual(["Case-Org/Pushed", "Case-Org/Pushed"]);
    });
  });

  describe("errors", () => {
    it("refuses a case variant of a queued submission as a duplicate (409)", async () => {
      const first = ((await (await post(submission("dup-org/model"))).json()) as any).data;
      for (const variant of ["DUP-ORG/MODEL", "Dup-Org/Model", "dup-org/MODEL"]) {
        const res = await post(submission(variant));
        expect(res.status).toBe(409);
        expect(((await res.json()) as any).error.details.submission_id).toBe(first.id);
      }
      expect(
        await db.select().from(submissions).where(sql`lower(${submissions.modelId}) = 'dup-org/model'`),
      ).toHaveLength(1);
    });

    it("refuses case-variant duplicates offline too, and under concurrency", async () => {
      const results = await Promise.all(
        ["Offline-Case/M", "offline-case/m", "OFFLINE-CASE/M"].map((m) => post(submission(m), { HUB_OFFLINE: "true" })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
      expect(
        await db.select().from(submissions).where(sql`lower(${submissions.modelId}) = 'offline-case/m'`),
      ).toHaveLength(1);
    });
  });
});
