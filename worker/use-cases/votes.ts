/**
 * Voting for a submission and withdrawing the vote: the rate-limit gate (per user and per client IP), then the
 * exact rules in D1 (one vote per user, a daily cap), then the new count. Shared by the JSON API and the form.
 */
import { type RateLimiter, VOTE_WINDOW_SECONDS } from "../adapters/rate-limiter";
import { done, type Outcome, refused } from "../domain/refusals";
import type { Db } from "../store/db";
import { castVote, voteCountOf, withdrawVote } from "../store/votes";

export interface VoteDeps {
  db: Db;
  limiters: { user: RateLimiter; ip: RateLimiter };
  /** Votes a user may cast in 24 hours. */
  cap: number;
}

export interface Voter {
  userId: string;
  /** The client's IP (Cloudflare's cf-connecting-ip), when known. */
  ip: string | undefined;
}

/** The cheap first gate: both limiters must let the vote through. */
async function gate(deps: VoteDeps, voter: Voter): Promise<Outcome<null, "vote_rate">> {
  const [byUser, byIp] = await Promise.all([
    deps.limiters.user.allows(voter.userId),
    deps.limiters.ip.allows(voter.ip ?? "unknown"),
  ]);
  if (byUser && byIp) return done(null);
  return refused({ reason: "vote_rate", limit: byUser ? "ip" : "user", windowSeconds: VOTE_WINDOW_SECONDS });
}

/** Casts the voter's vote; the submission's new vote count, or why not. */
export async function vote(deps: VoteDeps, voter: Voter, submissionId: string, now: number) {
  const gated = await gate(deps, voter);
  if (!gated.ok) return gated;
  const cast = await castVote(deps.db, { submissionId, userId: voter.userId, now, cap: deps.cap });
  return cast.ok ? done(await voteCountOf(deps.db, submissionId)) : cast;
}

/** Withdraws the voter's vote; the submission's new vote count, or why not. */
export async function unvote(deps: VoteDeps, voter: Voter, submissionId: string) {
  const gated = await gate(deps, voter);
  if (!gated.ok) return gated;
  const withdrawn = await withdrawVote(deps.db, submissionId, voter.userId);
  return withdrawn.ok ? done(await voteCountOf(deps.db, submissionId)) : withdrawn;
}
