/**
 * Who is asking. The middleware only checks the session cookie's MAC (no D1), so requests that never ask who the
 * user is, and every request without a cookie, cost no query; `currentUser` reads the session row, once per
 * request, when a route needs the user. And the CSRF rule: a state-changing request that carries a session
 * cookie must come from our own origin.
 */
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../context";
import { SESSION_COOKIE, signSession, verifySession, type CookieSecrets } from "../domain/session";
import { PodiumError } from "../errors";
import { database } from "../store/db";
import { liveSessionUser } from "../store/sessions";
import { readCookie, writeCookie } from "./cookies";

export interface SessionUser {
  id: string;
  name: string;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The secrets cookies verify under; an empty SESSION_SECRET_PREVIOUS counts as unset. */
export function cookieSecrets(env: Env): CookieSecrets {
  return { current: env.SESSION_SECRET, previous: env.SESSION_SECRET_PREVIOUS || undefined };
}

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
  c.set("session", cookie ? await verifySession(cookie, cookieSecrets(c.env), Date.now()) : null);
  await next();
});

const users = new WeakMap<Request, Promise<SessionUser | null>>();

/**
 * The signed-in user: null without a cookie whose MAC verifies (no query), or when its session was signed out or
 * expired. The row is read from the primary database, not a read replica, so a sign-out anywhere is seen at once.
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
  const now = Date.now();
  const user = await liveSessionUser(database(c.env.DB), claim.payload.sid, now);
  if (!user) return null;
  // Re-issued under the current secret, so active sessions survive the removal of SESSION_SECRET_PREVIOUS.
  if (claim.previous) {
    const value = await signSession(claim.payload, c.env.SESSION_SECRET);
    writeCookie(c, SESSION_COOKIE, value, Math.floor((claim.payload.exp - now) / 1000));
  }
  return user;
}

/** The signed-in user, or a 401 envelope. */
export async function requireUser(c: Context<AppEnv>): Promise<SessionUser> {
  const user = await currentUser(c);
  if (!user) throw new PodiumError("unauthorized", "Sign in first: this needs a Hugging Face session");
  return user;
}
