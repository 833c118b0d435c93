/**
 * The outside services a request may need (the Hub, Hugging Face sign-in, the vote rate limiters, randomness), built from the
 * configuration and the bindings unless already set: tests mount the app behind a middleware that sets doubles.
 * They hold no per-request state, so each is built once per isolate and binding, not on every request.
 */
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { HttpHubClient } from "../adapters/hub";
import { HttpOAuthClient } from "../adapters/oauth";
import { bindingLimiter } from "../adapters/rate-limiter";
import { database } from "../store/db";
import type { Config } from "../config";
import type { Db } from "../store/db";
import type { VoteDeps, Voter } from "../use-cases/votes";
import type { AppEnv } from "./context";

/** `make(key)` once per key, while the key lives. */
function once<K extends object, V>(make: (key: K) => V): (key: K) => V {
  const made = new WeakMap<K, V>();
  return (key) => {
    let value = made.get(key);
    if (value === undefined) {
      value = make(key);
      made.set(key, value);
    }
    return value;
  };
}

/** The drizzle handle over the primary database, one per binding. */
export const primaryDb: (d1: D1Database) => Db = once(database);
const hubOf = once((config: Config) => new HttpHubClient(config.hubBaseUrl));
const limiterOf = once(bindingLimiter);
const oauth = new HttpOAuthClient();

export const services = createMiddleware<AppEnv>(async (c, next) => {
  c.set("db", primaryDb(c.env.DB));
  if (!c.get("hub")) c.set("hub", hubOf(c.var.config));
  if (!c.get("oauth")) c.set("oauth", oauth);
  if (!c.get("voteLimiters")) {
    c.set("voteLimiters", { user: limiterOf(c.env.VOTE_USER_LIMITER), ip: limiterOf(c.env.VOTE_IP_LIMITER) });
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
