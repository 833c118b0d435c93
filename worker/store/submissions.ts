/**
 * Submissions and their queue: creation under the namespace quota (store/quota.ts), the priority order, evaluator claims with a
 * lease, the job transitions that events drive, and lease expiry. Every state change appends a submission_event.
 */
import { and, asc, desc, eq, inArray, lt, ne, sql, type SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { isFullCommit } from "../domain/hub";
import { DAY_MS } from "../domain/queue";
import type { SubmissionStatus } from "../domain/vocabulary";
import { PodiumError } from "../errors";
import { insertWhere, isUniqueViolation } from "./conditional";
import type { Db } from "./db";
import { sameHubName } from "./models";
import { quotaRefusal, underQuota } from "./quota";
import { evaluations, submissionEvents, submissions, votes } from "./schema";
import { bumpVersions } from "./version";

export type SubmissionRow = typeof submissions.$inferSelect;
export type NewSubmission = Omit<typeof submissions.$inferInsert, "status" | "createdAt" | "updatedAt">;

const MAX_BOUND_PARAMETERS = 100;

const voteCount = sql<number>`(select count(*) from votes where votes.submission_id = ${submissions.id})`;

/**
 * The queue priority in SQL, the same rule as domain/queue.ts `priority`. D1 binds JS numbers as REAL, so the
 * division is real and the cast floors it (truncation equals floor for the non-negative wait).
 */
function prioritySql(now: number, agingDays: number): SQL<number> {
  return sql<number>`(${voteCount} + cast(max(0, ${now} - ${submissions.createdAt}) / ${agingDays * DAY_MS} as integer))`;
}

const exists = (id: string) => sql`exists (select 1 from submissions where id = ${id})`;

/** The queued or finished submission of that model (in any case), commit and precision, if any. */
export async function findLive(
  db: Db,
  key: { modelId: string; sha: string; precision: SubmissionRow["precision"] },
): Promise<SubmissionRow | undefined> {
  return db
    .select()
    .from(submissions)
    .where(
      and(
        sameHubName(submissions.modelId, key.modelId),
        eq(submissions.sha, key.sha),
        eq(submissions.precision, key.precision),
        ne(submissions.status, "FAILED"),
      ),
    )
    .get();
}

function duplicateError(existing: SubmissionRow): PodiumError {
  return new PodiumError(
    "conflict",
    `${existing.modelId} at ${existing.sha} in ${existing.precision} is already ${existing.status === "FINISHED" ? "evaluated" : "queued"}`,
    { submission_id: existing.id, status: existing.status, url: `/api/v1/queue?status=${existing.status}` },
  );
}

/**
 * Queues a submission with its PENDING event and the submitter's vote, in one batch whose first statement only
 * inserts while the submission is within the namespace's quota (store/quota.ts; exact under concurrency).
 * Throws 409 for a live duplicate and 429 (naming the limit, with Retry-After and `frees_at`) over the quota.
 */
export async function createSubmission(db: Db, row: NewSubmission, now: number): Promise<SubmissionRow> {
  const existing = await findLive(db, row);
  if (existing) throw duplicateError(existing);
  let inserted: SubmissionRow[];
  try {
    [inserted] = await db.batch([
      insertWhere(
        db,
        submissions,
        { ...row, status: "PENDING", createdAt: now, updatedAt: now },
        underQuota(db, row, now),
      ).returning(),
      insertWhere(db, submissionEvents, { submissionId: row.id, status: "PENDING", at: now }, exists(row.id)),
      insertWhere(db, votes, { submissionId: row.id, userId: row.submitterId, createdAt: now }, exists(row.id)),
      bumpVersions(db, ["queue"], exists(row.id)),
    ]);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const raced = await findLive(db, row);
    if (raced) throw duplicateError(raced);
    throw err;
  }
  const created = inserted[0];
  if (!created) throw await quotaRefusal(db, row, now);
  return created;
}

export interface QueueEntry {
  submission: SubmissionRow;
  votes: number;
  priority: number;
  /** Whether the asking user has voted for it (false when signed out). */
  voted: boolean;
  history: { status: SubmissionStatus; at: number; reason: string | null }[];
}

/**
 * A page of the queue, highest priority first (then oldest, then id), optionally of one status, with each
 * entry's vote count, priority, whether `userId` voted, and its full timed history.
 */
export async function listQueue(
  db: Db,
  q: { status?: SubmissionStatus; limit: number; offset: number; now: number; agingDays: number; userId?: string },
): Promise<{ entries: QueueEntry[]; total: number }> {
  const where = q.status ? eq(submissions.status, q.status) : undefined;
  const priority = prioritySql(q.now, q.agingDays);
  const voted = q.userId
    ? sql<number>`exists (select 1 from votes where votes.submission_id = ${submissions.id} and votes.user_id = ${q.userId})`
    : sql<number>`0`;
  const [rows, totals] = await Promise.all([
    db
      .select({ submission: submissions, votes: voteCount, priority, voted })
      .from(submissions)
      .where(where)
      .orderBy(desc(priority), asc(submissions.createdAt), asc(submissions.id))
      .limit(q.limit)
      .offset(q.offset),
    db.select({ n: sql<number>`count(*)` }).from(submissions).where(where),
  ]);
  const ids = rows.map((r) => r.submission.id);
  // D1 binds at most 100 parameters per statement, and a page may hold up to 500 entries.
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += MAX_BOUND_PARAMETERS) chunks.push(ids.slice(i, i + MAX_BOUND_PARAMETERS));
  const events = (
    await Promise.all(
      chunks.map((chunk) =>
        db
          .select()
          .from(submissionEvents)
          .where(inArray(submissionEvents.submissionId, chunk))
          .orderBy(asc(submissionEvents.at), asc(submissionEvents.id)),
      ),
    )
  ).flat();
  const history = new Map<string, QueueEntry["history"]>();
  for (const e of events) {
    const list = history.get(e.submissionId) ?? [];
    list.push({ status: e.status, at: e.at, reason: e.reason });
    history.set(e.submissionId, list);
  }
  return {
    entries: rows.map((r) => ({
      submission: r.submission,
      votes: Number(r.votes),
      priority: Number(r.priority),
      voted: Boolean(r.voted),
      history: history.get(r.submission.id) ?? [],
    })),
    total: totals[0]?.n ?? 0,
  };
}

/**
 * Hands the highest-priority PENDING submission to an evaluator: RUNNING, a new job id, a lease until
 * `now + leaseMs`. Concurrent claims never get the same submission (the update is conditional on PENDING;
 * a lost race tries the next). `alongside(job)` gives statements for the same batch (the delivery record); they
 * must be conditional on the claim, as they also run when the race is lost. Undefined when nothing is pending.
 */
export async function claimNext(
  db: Db,
  c: { evaluatorId: string; now: number; leaseMs: number; agingDays: number },
  alongside: (job: SubmissionRow) => BatchItem<"sqlite">[] = () => [],
): Promise<SubmissionRow | undefined> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const candidate = await db
      .select()
      .from(submissions)
      .where(eq(submissions.status, "PENDING"))
      .orderBy(desc(prioritySql(c.now, c.agingDays)), asc(submissions.createdAt), asc(submissions.id))
      .limit(1)
      .get();
    if (!candidate) return undefined;
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
    if (claimed.length) return job;
  }
  throw new PodiumError("unavailable", "The queue is busy; claim again", undefined, { "retry-after": "1" });
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
 * The open submission an evaluator's job id belongs to; undefined when no submission has that job id (an
 * evaluator's own run, not from the queue); 409 when the job is another evaluator's or already over. A job whose
 * lease expired (back to PENDING, not yet re-claimed) still accepts its result: late work is not thrown away.
 */
export async function findOpenJob(db: Db, jobId: string, evaluatorId: string): Promise<SubmissionRow | undefined> {
  const job = await db.select().from(submissions).where(eq(submissions.jobId, jobId)).get();
  if (!job) return undefined;
  if (job.evaluatorId !== evaluatorId) {
    throw new PodiumError("conflict", `Job ${jobId} was claimed by another evaluator`, { job_id: jobId });
  }
  if (job.status === "FINISHED" || job.status === "FAILED") {
    throw new PodiumError("conflict", `Job ${jobId} is already ${job.status}`, {
      job_id: jobId,
      status: job.status,
    });
  }
  return job;
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

/** What a pushed run says it evaluated, to hold against its job. */
export interface RunIdentity {
  modelId: string;
  revision: string;
  precision: string;
  weightType: string;
  baseModel: string | null;
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

const described = (r: RunIdentity) =>
  `${r.modelId} at ${r.revision} in ${r.precision} (${r.weightType} weights${r.baseModel ? ` on ${r.baseModel}` : ""})`;

/**
 * The queue side of an `evaluation.completed` carrying a job id: the statements that finish the job and link
 * it to evaluation `evaluationId`, for the ingest's batch (after its evaluation insert). Empty when the job id
 * is not from the queue; 409 when the run is not the job's (another model, commit, precision, weight type or
 * base model: another commit's weights must never finish a submission under its name), or the job is not this
 * evaluator's or already over. `modelId` is the job's (the Hub's spelling), for the run to be stored under.
 */
export async function completionOfJob(
  db: Db,
  c: { jobId: string | null | undefined; evaluatorId: string; evaluationId: string; run: RunIdentity },
  now: number,
  leaseMs: number,
): Promise<{ modelId: string | null; statements: BatchItem<"sqlite">[] }> {
  const none = { modelId: null, statements: [] };
  if (!c.jobId) return none;
  const job = await findOpenJob(db, c.jobId, c.evaluatorId);
  if (!job) return none;
  const mismatched = mismatchedFields(job, c.run);
  if (mismatched.length) {
    const asked = { ...job, revision: job.sha };
    throw new PodiumError("conflict", `Job ${c.jobId} is ${described(asked)}, not ${described(c.run)}`, {
      job_id: c.jobId,
      mismatched,
      model: job.modelId,
      sha: job.sha,
      precision: job.precision,
      weight_type: job.weightType,
      base_model: job.baseModel,
    });
  }
  const statements = jobTransition(
    db,
    job,
    { type: "evaluation.completed", evaluationId: c.evaluationId },
    now,
    leaseMs,
  );
  return { modelId: job.modelId, statements };
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
): Promise<void> {
  const job = await findOpenJob(db, c.jobId, c.evaluatorId);
  if (job) await applyJobTransition(db, job, c.event, now, leaseMs);
}
