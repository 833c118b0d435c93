import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from "cloudflare:test";
import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { DAY_MS } from "../../worker/domain/time";
import worker from "../../worker/index";
import { database } from "../../worker/store/db";
import { evaluations, evaluators, models, submissionEvents, submissions } from "../../worker/store/schema";
import { applyJobTransition, claimNext, findOpenJob, releaseExpiredLeases } from "../../worker/store/jobs";
import { listQueue } from "../../worker/store/submissions";
import { queued } from "../support/queue-rows";

const db = database(env.DB);
const NOW = Date.UTC(2026, 10, 29, 12, 0, 0);
const HOUR = 3600_000;
/** The claimed job, or undefined when nothing is pending (a lost race throughout fails the test). */
async function claim(evaluatorId = "eval-a") {
  const claimed = await claimNext(db, { evaluatorId, now: NOW, leaseMs: 6 * HOUR, agingDays: 3 });
  if (!claimed.ok) throw new Error(`claim refused: ${claimed.reason}`);
  return claimed.value ?? undefined;
}

/** The open job of that id (undefined for none); a refusal fails the test. */
async function openJob(jobId: string, evaluatorId: string) {
  const found = await findOpenJob(db, jobId, evaluatorId);
  if (!found.ok) throw new Error(`job refused: ${found.reason}`);
  return found.value ?? undefined;
}

beforeAll(async () => {
  await db.insert(evaluators).values([
    { id: "eval-a", name: "A", createdAt: 0 },
    { id: "eval-b", name: "B", createdAt: 0 },
  ]);
});

async function events(id: string) {
  return db
    .select({ status: submissionEvents.status, at: submissionEvents.at, reason: submissionEvents.reason })
    .from(submissionEvents)
    .where(eq(submissionEvents.submissionId, id))
    .orderBy(asc(submissionEvents.id));
}

describe("queue order", () => {
  it("ranks by votes + one per 3 full days waiting, then oldest first", async () => {
    // fresh-5: 5 votes, 0 days → 5. old-1: 1 vote, 13 days → 1 + 4 = 5, older → first.
    // mid-3: 3 votes, 4 days → 4. new-0: 0 votes, 2.9 days → 0.
    await queued("fresh-5", { createdAt: NOW - HOUR, voteCount: 5 });
    await queued("old-1", { createdAt: NOW - 13 * DAY_MS, voteCount: 1 });
    await queued("mid-3", { createdAt: NOW - 4 * DAY_MS, voteCount: 3 });
    await queued("new-0", { createdAt: NOW - 2.9 * DAY_MS, voteCount: 0 });
    const { entries, total } = await listQueue(db, { status: "PENDING", limit: 10, offset: 0, now: NOW, agingDays: 3 });
    expect(total).toBe(4);
    expect(entries.map((e) => [e.submission.id, e.votes, e.priority])).toEqual([
      ["old-1", 1, 5],
      ["fresh-5", 5, 5],
      ["mid-3", 3, 4],
      ["new-0", 0, 0],
    ]);
    expect(entries[0]!.history).toEqual([{ status: "PENDING", at: NOW - 13 * DAY_MS, reason: null }]);
  });
});

describe("claims, leases and job transitions", () => {
  it("a claim takes the highest-priority PENDING job, marks it RUNNING with a 6 h lease and a job id", async () => {
    const job = await claim();
    expect(job).toMatchObject({
      id: "old-1",
      status: "RUNNING",
      evaluatorId: "eval-a",
      leaseExpiresAt: NOW + 6 * HOUR,
    });
    expect(job!.jobId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await events("old-1")).map((e) => e.status)).toEqual(["PENDING", "RUNNING"]);
  });

  it("concurrent claims never hand out the same job", async () => {
    const [a, b] = await Promise.all([claim("eval-a"), claim("eval-b")]);
    expect(new Set([a!.id, b!.id])).toEqual(new Set(["fresh-5", "mid-3"]));
  });

  it("an expired lease returns to PENDING through the scheduled handler, with a timed event", async () => {
    await queued("stuck", { createdAt: NOW - DAY_MS, status: "RUNNING", leaseExpiresAt: NOW - 1, jobId: "job-stuck" });
    await queued("alive", {
      createdAt: NOW - DAY_MS,
      status: "RUNNING",
      leaseExpiresAt: NOW + HOUR,
      jobId: "job-alive",
    });
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: NOW, cron: "*/5 * * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);
    const stuck = await db.select().from(submissions).where(eq(submissions.id, "stuck")).get();
    expect(stuck).toMatchObject({ status: "PENDING", leaseExpiresAt: null, jobId: "job-stuck", updatedAt: NOW });
    expect((await events("stuck")).at(-1)).toEqual({
      status: "PENDING",
      at: NOW,
      reason: "lease expired: the evaluator did not finish in time",
    });
    const alive = await db.select().from(submissions).where(eq(submissions.id, "alive")).get();
    expect(alive?.status).toBe("RUNNING");
    expect(await releaseExpiredLeases(db, NOW)).toBe(0);
  });

  it("started → completed moves the job to FINISHED and links the evaluation both ways", async () => {
    await queued("to-finish", { createdAt: NOW - 30 * DAY_MS, voteCount: 1 });
    const job = await claim("eval-a");
    expect(job?.id).toBe("to-finish");
    await applyJobTransition(
      db,
      (await openJob(job!.jobId!, "eval-a"))!,
      { type: "evaluation.started" },
      NOW + HOUR,
      6 * HOUR,
    );
    expect((await db.select().from(submissions).where(eq(submissions.id, "to-finish")).get())?.leaseExpiresAt).toBe(
      NOW + 7 * HOUR,
    );
    await db.insert(models).values({ id: "queue-org/to-finish", createdAt: NOW, updatedAt: NOW });
    await db.insert(evaluations).values({
      id: "evaluation-1",
      modelId: "queue-org/to-finish",
      revision: "sha-to-finish",
      precision: "bfloat16",
      status: "ranked",
      provenance: {},
      source: "evaluator",
      createdAt: NOW,
    });
    const running = (await openJob(job!.jobId!, "eval-a"))!;
    await applyJobTransition(
      db,
      running,
      { type: "evaluation.completed", evaluationId: "evaluation-1" },
      NOW + 2 * HOUR,
      6 * HOUR,
    );
    const done = await db.select().from(submissions).where(eq(submissions.id, "to-finish")).get();
    expect(done).toMatchObject({ status: "FINISHED", evaluationId: "evaluation-1", leaseExpiresAt: null });
    const evaluation = await db.select().from(evaluations).where(eq(evaluations.id, "evaluation-1")).get();
    expect(evaluation?.submissionId).toBe("to-finish");
    expect((await events("to-finish")).map((e) => [e.status, e.reason])).toEqual([
      ["PENDING", null],
      ["RUNNING", null],
      ["RUNNING", "evaluation started"],
      ["FINISHED", null],
    ]);
    // A finished job is refused as over (the edge answers it 409 conflict).
    expect(await findOpenJob(db, job!.jobId!, "eval-a")).toMatchObject({
      ok: false,
      reason: "job_over",
      status: "FINISHED",
    });
  });

  it("failed records the evaluator's reason and keeps the submission", async () => {
    await queued("to-fail", { createdAt: NOW - 60 * DAY_MS });
    const job = await claim("eval-b");
    expect(job?.id).toBe("to-fail");
    await applyJobTransition(
      db,
      (await openJob(job!.jobId!, "eval-b"))!,
      { type: "evaluation.failed", reason: "CUDA out of memory at batch size 1" },
      NOW + HOUR,
      6 * HOUR,
    );
    const { entries } = await listQueue(db, { status: "FAILED", limit: 10, offset: 0, now: NOW, agingDays: 3 });
    expect(entries.map((e) => [e.submission.id, e.submission.failureReason])).toEqual([
      ["to-fail", "CUDA out of memory at batch size 1"],
    ]);
    expect(entries[0]!.history.at(-1)).toEqual({
      status: "FAILED",
      at: NOW + HOUR,
      reason: "CUDA out of memory at batch size 1",
    });
  });

  it("refuses another evaluator's job (409) and knows no unknown job", async () => {
    await queued("owned", { createdAt: NOW - 90 * DAY_MS });
    const job = await claim("eval-a");
    expect(await findOpenJob(db, job!.jobId!, "eval-b")).toMatchObject({ ok: false, reason: "job_taken" });
    expect(await findOpenJob(db, "no-such-job", "eval-a")).toEqual({ ok: true, value: null });
  });

  it("answers nothing when no job is pending", async () => {
    await db.update(submissions).set({ status: "FAILED" }).where(eq(submissions.status, "PENDING"));
    expect(await claim()).toBeUndefined();
  });
});
