/**
 * Who is asking. The middleware only checks the session cookie's MAC (no D1), so requests that never ask who the
 * user is, and every request without a cookie, cost no query; `currentUser` reads the session row, once per
 * request, when a route needs the user. And the CSRF rule: a state-changing request that carries a session
 * cookie must come from our own origin.
 */
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { SESSION_COOKIE, verifySession } from "../domain/session";
import { database } from "../store/db";
import { type SessionUser, sessionUser } from "../use-cases/sessions";
import type { AppEnv } from "./context";
import { isLocalRequest, readCookie, writeCookie } from "./cookies";
import { PodiumError } from "./errors";

export type { SessionUser } from "../use-cases/sessions";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** A 403 unless the request's Origin header is this site (a missing one included). */
export function requireSameOrigin(c: Context<AppEnv>): void {
  const origin = c.req.header("origin");
  if (origin !== new URL(c.req.url).origin) {
    throw new PodiumError("forbidden", "Cross-origin request refused: the Origin header must be this site", {
      origin: origin ?? null,
    });
  }
}

export const session = createMiddleware<AppEnv>(async (c, next) => {
  const cookie = readCookie(c, SESSION_COOKIE);
  // Checked on the cookie's presence, not its validity: a forged cookie must not turn the check off.
  if (cookie !== undefined && !SAFE_METHODS.has(c.req.method)) requireSameOrigin(c);
  c.set("session", cookie ? await verifySession(cookie, c.var.config.sessionSecrets, Date.now()) : null);
  await next();
});

const users = new WeakMap<Request, Promise<SessionUser | null>>();

/**
 * The signed-in user: null without a cookie whose MAC verifies (no query), or when its session was signed out or
 * expired. Read once per request, from the primary database (never a read replica).
 */
export function currentUser(c: Context<AppEnv>): Promise<SessionUser | null> {
  let user = users.get(c.req.raw);
  if (!user) {
    user = liveUser(c);
    users.set(c.req.raw, user);
  }
  return user;
}

async function liveUser(c: Context<AppEnv>): Promise<SessionUser | null> {
  const claim = c.get("session");
  if (!claim) return null;
  const found = await sessionUser(database(c.env.DB), claim, c.var.config.sessionSecrets.current, Date.now());
  if (!found) return null;
  if (found.reissue) writeCookie(c, SESSION_COOKIE, found.reissue.value, found.reissue.maxAgeSeconds);
  return found.user;
}

/** The signed-in user, or a 401 envelope. */
export async function requireUser(c: Context<AppEnv>): Promise<SessionUser> {
  const user = await currentUser(c);
  if (!user) throw new PodiumError("unauthorized", "Sign in first: this needs a Hugging Face session");
  return user;
}

/**
 * Whether /auth/dev signs people in: DEV_AUTH=true, no OAuth client configured, and a request to this machine,
 * so a deployment that left DEV_AUTH on still cannot mint identities (Cloudflare routes on the host, and no
 * zone of ours is localhost).
 */
export function devAuthOn(c: Context<AppEnv>): boolean {
  return c.var.config.devAuth && c.var.config.oauth === null && isLocalRequest(c);
}
