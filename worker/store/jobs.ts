/**
 * Jobs: a job is a submission an evaluator claimed, under a lease. Claims, the transitions that evaluation events
 * drive (started, completed, failed), lease expiry, and the check that a pushed run is the job's.
 */
import { and, asc, desc, eq, inArray, lt, type SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { isFullCommit } from "../domain/hub";
import { done, type Outcome, type RunIdentity, refused } from "../domain/refusals";
import type { ModelType, SubmissionStatus } from "../domain/vocabulary";
import { insertWhere } from "./conditional";
import type { Db } from "./db";
import { evaluations, submissionEvents, submissions } from "./schema";
import { prioritySql, type SubmissionRow } from "./submissions";
import { bumpVersions } from "./version";

/**
 * Hands the highest-priority PENDING submission to an evaluator (never the reproduction of one of its own runs): RUNNING, a new job id, a lease until
 * `now + leaseMs`. Concurrent claims never get the same submission (the update is conditional on PENDING;
 * a lost race tries the next). `alongside(job)` gives statements for the same batch (the delivery record); they
 * must be conditional on the claim, as they also run when the race is lost. Null when nothing is pending;
 * refused when every try lost its race.
 */
export async function claimNext(
  db: Db,
  c: { evaluatorId: string; now: number; leaseMs: number; agingDays: number },
  alongside: (job: SubmissionRow) => BatchItem<"sqlite">[] = () => [],
): Promise<Outcome<SubmissionRow | null, "queue_busy">> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const candidate = await db
      .select()
      .from(submissions)
      .where(and(eq(submissions.status, "PENDING"), notOwnReproduction(c.evaluatorId)))
      .orderBy(desc(prioritySql(c.now, c.agingDays)), asc(submissions.createdAt), asc(submissions.id))
      .limit(1)
      .get();
    if (!candidate) return done(null);
    const job: SubmissionRow = {
      ...candidate,
      status: "RUNNING",
      jobId: crypto.randomUUID(),
      evaluatorId: c.evaluatorId,
      leaseExpiresAt: c.now + c.leaseMs,
      updatedAt: c.now,
    };
    const [claimed] = await db.batch([
      db
        .update(submissions)
        .set({
          status: job.status,
          jobId: job.jobId,
          evaluatorId: job.evaluatorId,
          leaseExpiresAt: job.leaseExpiresAt,
          updatedAt: job.updatedAt,
        })
        .where(and(eq(submissions.id, candidate.id), eq(submissions.status, "PENDING")))
        .returning({ id: submissions.id }),
      insertWhere(
        db,
        submissionEvents,
        { submissionId: candidate.id, status: "RUNNING", at: c.now, evaluatorId: c.evaluatorId },
        claimedAs(job),
      ),
      bumpVersions(db, ["queue"], claimedAs(job)),
      ...alongside(job),
    ]);
    if (claimed.length) return done(job);
  }
  return refused({ reason: "queue_busy" });
}

/** Excludes the reproduction jobs of `evaluatorId`'s own runs: nobody reproduces their own numbers. */
function notOwnReproduction(evaluatorId: string): SQL {
  return sql`not exists (select 1 from evaluations as reproduced
    where reproduced.id = ${submissions.reproduces} and reproduced.evaluator_id = ${evaluatorId})`;
}

/** A condition true once `job` holds its claim: for statements that must only run with it. */
export function claimedAs(job: SubmissionRow): SQL {
  return sql`exists (select 1 from submissions where id = ${job.id} and job_id = ${job.jobId})`;
}

export type JobEvent =
  | { type: "evaluation.started" }
  | { type: "evaluation.completed"; evaluationId: string }
  | { type: "evaluation.failed"; reason: string };

/**
 * The open submission an evaluator's job id belongs to; null when no submission has that job id (an evaluator's
 * own run, not from the queue); refused when the job is another evaluator's or already over. A job whose lease
 * expired (back to PENDING, not yet re-claimed) still accepts its result: late work is not thrown away.
 */
export async function findOpenJob(
  db: Db,
  jobId: string,
  evaluatorId: string,
): Promise<Outcome<SubmissionRow | null, "job_taken" | "job_over">> {
  const job = await db.select().from(submissions).where(eq(submissions.jobId, jobId)).get();
  if (!job) return done(null);
  if (job.evaluatorId !== evaluatorId) return refused({ reason: "job_taken", jobId });
  if (job.status === "FINISHED" || job.status === "FAILED")
    return refused({ reason: "job_over", jobId, status: job.status });
  return done(job);
}

/**
 * The statements that move a job on, to run in the caller's batch (after the evaluation insert for
 * `completed`, so the link lands with the ingest): started → RUNNING with a fresh lease; completed → FINISHED,
 * linking submission and evaluation both ways; failed → FAILED with the evaluator's reason. Each appends an
 * event and moves the queue version (first, while the job is still open). Every statement is conditional on the
 * job id and the claiming evaluator, so a stale call changes nothing.
 */
export function jobTransition(
  db: Db,
  job: SubmissionRow,
  event: JobEvent,
  now: number,
  leaseMs: number,
): [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]] {
  const open = and(
    eq(submissions.id, job.id),
    eq(submissions.jobId, job.jobId ?? ""),
    inArray(submissions.status, ["PENDING", "RUNNING"]),
  );
  const stillOpen = sql`exists (select 1 from submissions where id = ${job.id} and job_id = ${job.jobId}
    and status in ('PENDING', 'RUNNING'))`;
  const append = (status: SubmissionStatus, reason: string | null) =>
    insertWhere(
      db,
      submissionEvents,
      { submissionId: job.id, status, at: now, reason, evaluatorId: job.evaluatorId },
      stillOpen,
    );
  switch (event.type) {
    case "evaluation.started":
      return [
        bumpVersions(db, ["queue"], stillOpen),
        append("RUNNING", "evaluation started"),
        db
          .update(submissions)
          .set({ status: "RUNNING", leaseExpiresAt: now + leaseMs, updatedAt: now })
          .where(open),
      ];
    case "evaluation.completed":
      return [
        bumpVersions(db, ["queue"], stillOpen),
        db
          .update(evaluations)
          .set({ submissionId: job.id })
          .where(and(eq(evaluations.id, event.evaluationId), stillOpen)),
        append("FINISHED", null),
        db
          .update(submissions)
          .set({ status: "FINISHED", evaluationId: event.evaluationId, leaseExpiresAt: null, updatedAt: now })
          .where(open),
      ];
    case "evaluation.failed":
      return [
        bumpVersions(db, ["queue"], stillOpen),
        append("FAILED", event.reason),
        db
          .update(submissions)
          .set({ status: "FAILED", failureReason: event.reason, leaseExpiresAt: null, updatedAt: now })
          .where(open),
      ];
  }
}

/** Runs a job transition on its own (when there is no ingest to share the batch with). */
export async function applyJobTransition(
  db: Db,
  job: SubmissionRow,
  event: JobEvent,
  now: number,
  leaseMs: number,
): Promise<void> {
  await db.batch(jobTransition(db, job, event, now, leaseMs));
}

/**
 * Returns every RUNNING submission whose lease ended before `now` to PENDING, with a timed event saying why;
 * the job id stays so a late result still lands. Returns how many went back.
 */
export async function releaseExpiredLeases(db: Db, now: number): Promise<number> {
  const expired = and(eq(submissions.status, "RUNNING"), lt(submissions.leaseExpiresAt, now));
  const [, , released] = await db.batch([
    // First, while the expired leases are still RUNNING: a run of the cron with nothing to release moves nothing.
    bumpVersions(
      db,
      ["queue"],
      sql`exists (select 1 from submissions where status = 'RUNNING' and lease_expires_at < ${now})`,
    ),
    db.insert(submissionEvents).select(
      sql`select null, id, 'PENDING', ${now}, 'lease expired: the evaluator did not finish in time', evaluator_id
        from submissions where status = 'RUNNING' and lease_expires_at < ${now}`,
    ),
    db
      .update(submissions)
      .set({ status: "PENDING", leaseExpiresAt: null, updatedAt: now })
      .where(expired)
      .returning({ id: submissions.id }),
  ]);
  return released.length;
}

/** The job's fields the run contradicts; model ids and commits compare in any case, as the Hub reads them. */
function mismatchedFields(job: SubmissionRow, run: RunIdentity): string[] {
  const same = (a: string | null, b: string | null) => (a ?? "").toLowerCase() === (b ?? "").toLowerCase();
  const fields: string[] = [];
  if (!same(job.modelId, run.modelId)) fields.push("model");
  // An unverified job (HUB_OFFLINE) may name a branch or tag that nothing resolved: only a commit can be held.
  if (isFullCommit(job.sha) && !same(job.sha, run.revision)) fields.push("sha");
  if (job.precision !== run.precision) fields.push("precision");
  if (job.weightType !== run.weightType) fields.push("weight_type");
  if (!same(job.baseModel, run.baseModel)) fields.push("base_model");
  return fields;
}

/** What completing a job brings to the run: the submission's model (id, type, size) and the queue's statements. */
export interface JobCompletion {
  modelId: string | null;
  modelType: ModelType | null;
  paramsBillions: number | null;
  /** The run a reproduction job reruns; null for a submission. */
  reproduces: string | null;
  statements: BatchItem<"sqlite">[];
}

/**
 * The queue side of an `evaluation.completed` carrying a job id: the statements that finish the job and link
 * it to evaluation `evaluationId`, for the ingest's batch (after its evaluation insert). Empty when the job id
 * is not from the queue; refused when the run is not the job's (another model, commit, precision, weight type or
 * base model: another commit's weights must never finish a submission under its name), or the job is not this
 * evaluator's or already over. `modelId` is the job's (the Hub's spelling), for the run to be stored under.
 */
export async function completionOfJob(
  db: Db,
  c: { jobId: string | null | undefined; evaluatorId: string; evaluationId: string; run: RunIdentity },
  now: number,
  leaseMs: number,
): Promise<Outcome<JobCompletion, "job_taken" | "job_over" | "job_mismatch">> {
  const none = done({ modelId: null, modelType: null, paramsBillions: null, reproduces: null, statements: [] });
  if (!c.jobId) return none;
  const open = await findOpenJob(db, c.jobId, c.evaluatorId);
  if (!open.ok) return open;
  const job = open.value;
  if (!job) return none;
  const mismatched = mismatchedFields(job, c.run);
  if (mismatched.length) {
    const asked: RunIdentity = {
      modelId: job.modelId,
      revision: job.sha,
      precision: job.precision,
      weightType: job.weightType,
      baseModel: job.baseModel,
    };
    return refused({ reason: "job_mismatch", jobId: c.jobId, job: asked, run: c.run, mismatched });
  }
  const statements = jobTransition(
    db,
    job,
    { type: "evaluation.completed", evaluationId: c.evaluationId },
    now,
    leaseMs,
  );
  return done({
    modelId: job.modelId,
    modelType: job.modelType,
    paramsBillions: job.paramsBillions,
    reproduces: job.kind === "reproduction" ? job.reproduces : null,
    statements,
  });
}

/**
 * The queue side of `evaluation.started` / `evaluation.failed`: moves the job on when its id is from the queue
 * (a fresh lease, or FAILED with the reason); nothing for an evaluator's own job ids. Safe to repeat.
 */
export async function progressOfJob(
  db: Db,
  c: { jobId: string; evaluatorId: string; event: Exclude<JobEvent, { type: "evaluation.completed" }> },
  now: number,
  leaseMs: number,
): Promise<Outcome<null, "job_taken" | "job_over">> {
  const open = await findOpenJob(db, c.jobId, c.evaluatorId);
  if (!open.ok) return open;
  if (open.value) await applyJobTransition(db, open.value, c.event, now, leaseMs);
  return done(null);
}
