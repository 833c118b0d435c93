/**
 * Votes: one per user per submission (the primary key), and at most VOTE_DAILY_CAP per user in any 24 hours,
 * both exact in D1 under any concurrency. The rate-limit bindings in front are only the cheap first gate.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import { DAY_MS } from "../domain/queue";
import { PodiumError } from "../errors";
import { insertWhere, isUniqueViolation } from "./conditional";
import type { Db } from "./db";
import { submissions, votes } from "./schema";
import { bumpVersions } from "./version";

async function openSubmission(db: Db, submissionId: string): Promise<void> {
  const row = await db
    .select({ status: submissions.status })
    .from(submissions)
    .where(eq(submissions.id, submissionId))
    .get();
  if (!row) throw new PodiumError("not_found", `No submission ${submissionId}`);
  if (row.status !== "PENDING") {
    throw new PodiumError("conflict", `Voting is closed: the submission is ${row.status}`, { status: row.status });
  }
}

/**
 * Records the user's vote. 404 for an unknown submission, 409 when it is not PENDING or the user already voted,
 * 429 (Retry-After, `frees_at`) when the user has `cap` votes in the last 24 hours.
 */
export async function castVote(
  db: Db,
  v: { submissionId: string; userId: string; now: number; cap: number },
): Promise<void> {
  await openSubmission(db, v.submissionId);
  const since = v.now - DAY_MS;
  const underCap = sql`(select count(*) from votes where user_id = ${v.userId} and created_at > ${since}) < ${v.cap}`;
  let inserted: { userId: string }[];
  try {
    [inserted] = await db.batch([
      insertWhere(db, votes, { submissionId: v.submissionId, userId: v.userId, createdAt: v.now }, underCap).returning({
        userId: votes.userId,
      }),
      // Only a vote that went in moves the queue: one refused by the cap inside this batch moves nothing.
      bumpVersions(
        db,
        ["queue"],
        sql`exists (select 1 from votes where submission_id = ${v.submissionId}
        and user_id = ${v.userId} and created_at = ${v.now})`,
      ),
    ]);
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new PodiumError("conflict", "You have already voted for this submission", {
        submission_id: v.submissionId,
      });
    }
    throw err;
  }
  if (inserted.length) return;
  const oldest = await db
    .select({ createdAt: votes.createdAt })
    .from(votes)
    .where(and(eq(votes.userId, v.userId), sql`${votes.createdAt} > ${since}`))
    .orderBy(asc(votes.createdAt))
    .limit(1)
    .get();
  const freesAt = (oldest?.createdAt ?? v.now) + DAY_MS;
  throw new PodiumError(
    "rate_limited",
    `Daily vote cap reached: ${v.cap} votes in 24 hours`,
    { cap: v.cap, frees_at: new Date(freesAt).toISOString() },
    { "retry-after": String(Math.max(1, Math.ceil((freesAt - v.now) / 1000))) },
  );
}

/** Withdraws the user's vote on a PENDING submission; 404 when there was none. */
export async function withdrawVote(db: Db, submissionId: string, userId: string): Promise<void> {
  await openSubmission(db, submissionId);
  const [, deleted] = await db.batch([
    // Before the delete, so that withdrawing a vote that is not there moves nothing.
    bumpVersions(
      db,
      ["queue"],
      sql`exists (select 1 from votes where submission_id = ${submissionId} and user_id = ${userId})`,
    ),
    db
      .delete(votes)
      .where(and(eq(votes.submissionId, submissionId), eq(votes.userId, userId)))
      .returning({ userId: votes.userId }),
  ]);
  if (!deleted.length) throw new PodiumError("not_found", "You have no vote on this submission to withdraw");
}

/** How many votes a submission has. */
export async function voteCountOf(db: Db, submissionId: string): Promise<number> {
  const row = await db
    .select({ n: sql<number>`count(*)` })
    .from(votes)
    .where(eq(votes.submissionId, submissionId))
    .get();
  return row?.n ?? 0;
}
