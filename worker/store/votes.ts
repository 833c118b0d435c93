/**
 * Votes: one per user per submission (the primary key), and at most VOTE_DAILY_CAP per user in any 24 hours,
 * both exact in D1 under any concurrency. The rate-limit bindings in front are only the cheap first gate.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import { done, type Outcome, refused } from "../domain/refusals";
import { DAY_MS } from "../domain/time";
import { insertWhere, isUniqueViolation } from "./conditional";
import type { Db } from "./db";
import { submissions, votes } from "./schema";
import { bumpVersions } from "./version";

/** Whether votes on the submission are open: it exists and is PENDING. */
async function openSubmission(
  db: Db,
  submissionId: string,
): Promise<Outcome<null, "no_submission" | "voting_closed" | "not_votable">> {
  const row = await db
    .select({ status: submissions.status, kind: submissions.kind })
    .from(submissions)
    .where(eq(submissions.id, submissionId))
    .get();
  if (!row) return refused({ reason: "no_submission", submissionId });
  // A reproduction is the board's own check of a stored run: votes would let people hurry or stall one model's.
  if (row.kind === "reproduction") return refused({ reason: "not_votable", submissionId });
  if (row.status !== "PENDING") return refused({ reason: "voting_closed", status: row.status });
  return done(null);
}

/**
 * Records the user's vote; refused for an unknown submission, one no longer PENDING, a second vote, or when the
 * user has `cap` votes in the last 24 hours (with when the oldest of them frees a slot).
 */
export async function castVote(
  db: Db,
  v: { submissionId: string; userId: string; now: number; cap: number },
): Promise<Outcome<null, "no_submission" | "voting_closed" | "not_votable" | "already_voted" | "vote_cap">> {
  const open = await openSubmission(db, v.submissionId);
  if (!open.ok) return open;
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
    if (isUniqueViolation(err)) return refused({ reason: "already_voted", submissionId: v.submissionId });
    throw err;
  }
  if (inserted.length) return done(null);
  const oldest = await db
    .select({ createdAt: votes.createdAt })
    .from(votes)
    .where(and(eq(votes.userId, v.userId), sql`${votes.createdAt} > ${since}`))
    .orderBy(asc(votes.createdAt))
    .limit(1)
    .get();
  return refused({ reason: "vote_cap", cap: v.cap, freesAt: (oldest?.createdAt ?? v.now) + DAY_MS, now: v.now });
}

/** Withdraws the user's vote on a PENDING submission; refused when there was none. */
export async function withdrawVote(
  db: Db,
  submissionId: string,
  userId: string,
): Promise<Outcome<null, "no_submission" | "voting_closed" | "not_votable" | "no_vote">> {
  const open = await openSubmission(db, submissionId);
  if (!open.ok) return open;
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
  return deleted.length ? done(null) : refused({ reason: "no_vote" });
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
