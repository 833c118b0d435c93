/**
 * The cheap first gate in front of votes: the Workers Rate Limiting binding, keyed by user and, separately, by
 * client IP. It is per location and eventually consistent, so the exact rules stay in D1 (store/votes.ts).
 */
import { PodiumError } from "../errors";

/** The window of both limiters in wrangler.toml, in seconds: the longest a refused client waits. */
const WINDOW_SECONDS = 60;

/** Throws 429 with Retry-After when either the user or the IP is over its limit. */
export async function voteGate(env: Env, userId: string, ip: string | undefined): Promise<void> {
  const [byUser, byIp] = await Promise.all([
    env.VOTE_USER_LIMITER.limit({ key: userId }),
    env.VOTE_IP_LIMITER.limit({ key: ip ?? "unknown" }),
  ]);
  if (!byUser.success || !byIp.success) {
    throw new PodiumError(
      "rate_limited",
      "Too many vote requests; slow down",
      { limit: byUser.success ? "ip" : "user", window_seconds: WINDOW_SECONDS },
      { "retry-after": String(WINDOW_SECONDS) },
    );
  }
}
