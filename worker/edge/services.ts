/**
 * The outside services a request may need (the Hub, Hugging Face sign-in, the vote rate limiters, randomness), built from the
 * configuration and the bindings unless already set: tests mount the app behind a middleware that sets doubles.
 */
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { HttpHubClient } from "../adapters/hub";
import { HttpOAuthClient } from "../adapters/oauth";
import { bindingLimiter } from "../adapters/rate-limiter";
import { database } from "../store/db";
import type { VoteDeps, Voter } from "../use-cases/votes";
import type { AppEnv } from "./context";

export const services = createMiddleware<AppEnv>(async (c, next) => {
  c.set("db", database(c.env.DB));
  if (!c.get("hub")) c.set("hub", new HttpHubClient(c.var.config.hubBaseUrl));
  if (!c.get("oauth")) c.set("oauth", new HttpOAuthClient());
  if (!c.get("voteLimiters")) {
    c.set("voteLimiters", { user: bindingLimiter(c.env.VOTE_USER_LIMITER), ip: bindingLimiter(c.env.VOTE_IP_LIMITER) });
  }
  if (!c.get("random")) c.set("random", Math.random);
  await next();
});

/** What a vote needs from the request: the store, the limiters, the cap, and who votes from where. */
export function voting(c: Context<AppEnv>, userId: string): { deps: VoteDeps; voter: Voter } {
  return {
    deps: { db: c.var.db, limiters: c.var.voteLimiters, cap: c.var.config.voteDailyCap },
    voter: { userId, ip: c.req.header("cf-connecting-ip") },
  };
}
