/**
 * Submissions and their queue: creation under the namespace quota (store/quota.ts) and the priority order. A
 * claimed submission is a job (store/jobs.ts). Every state change appends a submission_event.
 */
import { and, asc, desc, eq, inArray, ne, type SQL, sql } from "drizzle-orm";
import { done, type Outcome, refused } from "../domain/refusals";
import { DAY_MS } from "../domain/time";
import type { SubmissionStatus } from "../domain/vocabulary";
import { insertWhere, isUniqueViolation } from "./conditional";
import type { Db } from "./db";
import { sameHubName } from "./models";
import { quotaRefusal, underQuota } from "./quota";
import { submissionEvents, submissions, votes } from "./schema";
import { bumpVersions } from "./version";

export type SubmissionRow = typeof submissions.$inferSelect;
export type NewSubmission = Omit<typeof submissions.$inferInsert, "status" | "createdAt" | "updatedAt">;

const MAX_BOUND_PARAMETERS = 100;

const voteCount = sql<number>`(select count(*) from votes where votes.submission_id = ${submissions.id})`;

/**
 * The queue priority in SQL, the same rule as domain/queue.ts `priority`. D1 binds JS numbers as REAL, so the
 * division is real and the cast floors it (truncation equals floor for the non-negative wait).
 */
export function prioritySql(now: number, agingDays: number): SQL<number> {
  return sql<number>`(${voteCount} + cast(max(0, ${now} - ${submissions.createdAt}) / ${agingDays * DAY_MS} as integer))`;
}

/** True once the submission `id` exists: for the statements that go in its creation batch. */
const exists = (id: string) => sql`exists (select 1 from submissions where id = ${id})`;

/** The queued or finished submission (not reproduction) of that model (in any case), commit and precision, if any. */
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
        // Reproduction jobs rerun what was evaluated: the duplicate rule (and its unique index) is about requests.
        eq(submissions.kind, "submission"),
      ),
    )
    .get();
}

const duplicate = (existing: SubmissionRow) => refused({ reason: "duplicate", existing });

/**
 * Queues a submission with its PENDING event and the submitter's vote, in one batch whose first statement only
 * inserts while the submission is within the namespace's quota (store/quota.ts; exact under concurrency).
 * Refused for a live duplicate, or over the quota (naming the limit and when it frees).
 */
export async function createSubmission(
  db: Db,
  row: NewSubmission,
  now: number,
): Promise<Outcome<SubmissionRow, "duplicate" | "quota">> {
  const existing = await findLive(db, row);
  if (existing) return duplicate(existing);
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
    if (raced) return duplicate(raced);
    throw err;
  }
  const created = inserted[0];
  return created ? done(created) : quotaRefusal(db, row, now);
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
