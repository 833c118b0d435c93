/**
 * Rate limits in front of writes: the Workers Rate Limiting binding behind a small interface. The binding is per
 * location and eventually consistent, so exact rules stay in D1 (store/votes.ts); this is the cheap first gate.
 */

export interface RateLimiter {
  /** Whether `key` may act once more now (counting this time). */
  allows(key: string): Promise<boolean>;
}

/** A limiter over a Rate Limiting binding of wrangler.toml. */
export function bindingLimiter(binding: RateLimit): RateLimiter {
  return { allows: async (key) => (await binding.limit({ key })).success };
}

/** The window of the vote limiters in wrangler.toml, in seconds: the longest a refused client waits. */
export const VOTE_WINDOW_SECONDS = 60;
