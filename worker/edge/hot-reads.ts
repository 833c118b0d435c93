/**
 * The hottest reads, which ask nothing of the visitor: `/healthz` (liveness, no data) and badges (images embedded
 * in other sites, never sent with our cookies' meaning). They skip the middleware that only serves requests that
 * may ask who is calling: the session cookie's MAC check, and for `/healthz` the services too.
 */
import type { Context } from "hono";
import type { AppEnv } from "./context";

const READ_METHODS = new Set(["GET", "HEAD"]);

/** A read of `/healthz`. */
export function isHealthCheck(c: Context<AppEnv>): boolean {
  return READ_METHODS.has(c.req.method) && c.req.path === "/healthz";
}

/** A read of `/healthz` or of a badge. */
export function isHotRead(c: Context<AppEnv>): boolean {
  return isHealthCheck(c) || (READ_METHODS.has(c.req.method) && c.req.path.startsWith("/badge/"));
}
