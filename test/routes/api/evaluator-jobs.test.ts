import { env } from "cloudflare:test";
import { asc, eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { beforeAll, describe, expect, it } from "vitest";
import { database } from "../../../worker/store/db";
import { evaluations, submissionEvents, submissions } from "../../../worker/store/schema";
import { as, signIn, submission, testApp } from "../../support/app";
import { newEvaluator } from "../../support/evaluators";
import { completedEvent, harnessResults } from "../../support/harness";
import { GOOD_FACTS, HubDouble } from "../../support/hub-double";

const hub = new HubDouble().add("jobs-org/first").add("jobs-org/second").add("jobs-org/third").add("jobs-org/fourth");
const app = testApp({ hub });
const db = database(env.DB);
let evaluator: { id: string; secret?: string };
let other: { id: string; secret?: string };
let counter = 0;

/** Posts `body` signed with the evaluator's whsec_ secret, the way its events are signed. */
function signed(
  who: { id: string; secret?: string },
  path: string,
  body: unknown,
  webhookId = `msg_jobs_${++counter}`,
) {
  const raw = JSON.stringify(body);
  const now = new Date();
  return app.fetch(`/api/v1/evaluators/${who.id}/${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "webhook-id": webhookId,
      "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
      "webhook-signature": new Webhook(who.secret!).sign(webhookId, now, raw),
    },
    body: raw,
  });
}
const claim = (who = evaluator, body: unknown = {}, webhookId?: string) => signed(who, "jobs/claim", body, webhookId);
const event = (body: unknown, who = evaluator) => signed(who, "events", body);

async function submit(model: string) {
  const user = await signIn(`sub-${model.replace("/", "-")}`);
  const res = await app.fetch("/api/v1/submissions", { method: "POST", headers: as(user), body: submission(model) });
  expect(res.status).toBe(201);
  return ((await res.json()) as any).data.id as string;
}

async function history(id: string) {
  return (
    await db
      .select()
      .from(submissionEvents)
      .where(eq(submissionEvents.submissionId, id))
      .orderBy(asc(submissionEvents.id))
  ).map((e) => [e.status, e.reason]);
}

beforeAll(async () => {
  // Trusted: its completed jobs rank at once (this file is about the queue; verification has its own tests).
  evaluator = await newEvaluator({ name: "lab one", trust: "trusted" });
  other = await newEvaluator({ name: "lab two" });
});

describe("POST /api/v1/evaluators/{id}/jobs/claim", () => {
  describe("happy", () => {
    it("answers 204 when nothing is pending", async () => {
      const res = await claim();
      expect(res.status).toBe(204);
      expect(await res.text()).toBe("");
    });

    it("claim → started → completed moves the submission to FINISHED and ranks its evaluation", async () => {
      const id = await submit("jobs-org/first");
      const res = await claim(evaluator, { gpu: "H100" });
      expect(res.status).toBe(200);
      const job = (await res.json()) as any;
      expect(job).toMatchObject({
        submission_id: id,
        model: "jobs-org/first",
        sha: GOOD_FACTS.sha,
        precision: "bfloat16",
        chat_template: true,
        gpu: "H100",
      });
      const lease = Date.parse(job.lease_expires_at) - Date.now();
      expect(lease).toBeGreaterThan(6 * 3600_000 - 60_000);
      expect(lease).toBeLessThanOrEqual(6 * 3600_000);
      expect((await db.select().from(submissions).where(eq(submissions.id, id)).get())?.status).toBe("RUNNING");

      const started = await event({
        type: "evaluation.started",
        timestamp: "2026-11-29T12:00:00Z",
        data: { job_id: job.job_id },
      });
      expect(started.status).toBe(202);

      const body = completedEvent(harnessResults({ model: "jobs-org/first", sha: GOOD_FACTS.sha }), {
        job_id: job.job_id,
      });
      const done = await event(body);
      expect(done.status).toBe(201);
      const answer = (await done.json()) as any;
      expect(answer.status).toBe("ranked");

      const row = await db.select().from(submissions).where(eq(submissions.id, id)).get();
      expect(row).toMatchObject({ status: "FINISHED", evaluationId: answer.evaluation_id, leaseExpiresAt: null });
      const evaluation = await db.select().from(evaluations).where(eq(evaluations.id, answer.evaluation_id)).get();
      expect(evaluation).toMatchObject({ submissionId: id, status: "ranked" });
      expect(await history(id)).toEqual([
        ["PENDING", null],
        ["RUNNING", null],
        ["RUNNING", "evaluation started"],
        ["FINISHED", null],
      ]);
      const board = (await (await app.fetch("/api/v1/leaderboard?limit=500")).json()) as any;
      expect(board.data.map((e: any) => e.model.id)).toContain("jobs-org/first");
      const queue = (await (await app.fetch("/api/v1/queue?status=FINISHED")).json()) as any;
      expect(queue.data.find((e: any) => e.id === id)).toMatchObject({
        status: "FINISHED",
        evaluation_id: answer.evaluation_id,
      });
    });

    it("a failed job shows its reason in the queue API and on /queue", async () => {
      const id = await submit("jobs-org/second");
      const job = (await (await claim()).json()) as any;
      expect(job.submission_id).toBe(id);
      const res = await event({
        type: "evaluation.failed",
        timestamp: "2026-11-29T12:00:00Z",
        data: { job_id: job.job_id, reason: "The model needs trust_remote_code, which evaluators refuse" },
      });
      expect(res.status).toBe(202);
      const queue = (await (await app.fetch("/api/v1/queue?status=FAILED")).json()) as any;
      expect(queue.data).toEqual([
        expect.objectContaining({
          id,
          status: "FAILED",
          failure_reason: "The model needs trust_remote_code, which evaluators refuse",
        }),
      ]);
      expect(queue.data[0].history.map((h: any) => h.status)).toEqual(["PENDING", "RUNNING", "FAILED"]);
      const page = await (await app.fetch("/queue?status=FAILED")).text();
      expect(page).toContain("The model needs trust_remote_code, which evaluators refuse");
    });

    it("a retried claim (same webhook-id and body) gets the same job, not a second one", async () => {
      const a = await submit("jobs-org/third");
      const b = await submit("jobs-org/fourth");
      const first = (await (await claim(evaluator, {}, "msg_claim_retry")).json()) as any;
      const again = await claim(evaluator, {}, "msg_claim_retry");
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual(first);
      const running = await db.select().from(submissions).where(eq(submissions.status, "RUNNING"));
      expect(running.map((r) => r.id)).toEqual([first.submission_id]);
      expect([a, b]).toContain(first.submission_id);
    });
  });

  describe("errors", () => {
    it("refuses a completed run of another model than the job (409) and stores nothing", async () => {
      const job = (await (await claim()).json()) as any;
      const res = await event(
        completedEvent(harnessResults({ model: "jobs-org/not-the-job" }), { job_id: job.job_id }),
      );
      expect(res.status).toBe(409);
      expect(((await res.json()) as any).error.message).toBe(
        `Job ${job.job_id} is ${job.model} at ${GOOD_FACTS.sha} in bfloat16 (Original weights), not jobs-org/not-the-job at ${GOOD_FACTS.sha} in bfloat16 (Original weights)`,
      );
      expect((await db.select().from(submissions).where(eq(submissions.id, job.submission_id)).get())?.status).toBe(
        "RUNNING",
      );
    });

    it("refuses events about another evaluator's job (409)", async () => {
      const [job] = await db.select().from(submissions).where(eq(submissions.status, "RUNNING"));
      const res = await event(
        {
          type: "evaluation.failed",
          timestamp: "2026-11-29T12:00:00Z",
          data: { job_id: job!.jobId, reason: "sabotage" },
        },
        other,
      );
      expect(res.status).toBe(409);
      expect((await db.select().from(submissions).where(eq(submissions.id, job!.id)).get())?.status).toBe("RUNNING");
    });

    it("refuses a malformed claim body (400)", async () => {
      const res = await claim(evaluator, { gpu: 5 });
      expect(res.status).toBe(400);
    });
  });

  describe("auth", () => {
    it("refuses an unsigned claim, a bad signature and an unknown evaluator (401), claiming nothing", async () => {
      const before = await db.select().from(submissions).where(eq(submissions.status, "PENDING"));
      const unsigned = await app.fetch(`/api/v1/evaluators/${evaluator.id}/jobs/claim`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      });
      expect(unsigned.status).toBe(401);
      expect(((await unsigned.json()) as any).error.code).toBe("unauthorized");
      const forged = await claim({ id: evaluator.id, secret: other.secret });
      expect(forged.status).toBe(401);
      const unknown = await claim({ id: "no-such-evaluator", secret: evaluator.secret });
      expect(unknown.status).toBe(401);
      expect(await db.select().from(submissions).where(eq(submissions.status, "PENDING"))).toEqual(before);
    });
  });
});
