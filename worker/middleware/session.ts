/**
 * Who is asking. The middleware only checks the session cookie's MAC (no D1), so requests that never ask who the
 * user is, and every request without a cookie, cost no query; `currentUser` reads the session row, once per
 * request, when a route needs the user. And the CSRF rule: a state-changing request that carries a session
 * cookie must come from our own origin.
 */
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../context";
import { SESSION_COOKIE, verifySession } from "../domain/session";
import { PodiumError } from "../errors";
import { database } from "../store/db";
import { liveSessionUser } from "../store/sessions";
import { readCookie } from "./cookies";

export interface SessionUser {
  id: string;
  name: string;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export const session = createMiddleware<AppEnv>(async (c, next) => {
  const cookie = readCookie(c, SESSION_COOKIE);
  // Checked on the cookie's presence, not its validity: a forged cookie must not turn the check off.
  if (cookie !== undefined && !SAFE_METHODS.has(c.req.method)) {
    const origin = c.req.header("origin");
    if (origin !== new URL(c.req.url).origin) {
      throw new PodiumError("forbidden", "Cross-origin request refused: the Origin header must be this site", {
        origin: origin ?? null,
      });
    }
  }
  c.set("session", cookie ? await verifySession(cookie, c.env.SESSION_SECRET, Date.now()) : null);
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
    const claim = c.get("session");
    user = claim
      ? liveSessionUser(database(c.env.DB), claim.sid, Date.now()).then((row) => row ?? null)
      : Promise.resolve(null);
    users.set(c.req.raw, user);
  }
  return user;
}

/** The signed-in user, or a 401 envelope. */
export async function requireUser(c: Context<AppEnv>): Promise<SessionUser> {
  const user = await currentUser(c);
  if (!user) throw new PodiumError("unauthorized", "Sign in first: this needs a Hugging Face session");
  return user;
}
