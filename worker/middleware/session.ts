/**
 * Who is asking: the signed session cookie becomes `c.var.user` (null when absent, tampered or expired). And the
 * CSRF rule: a state-changing request that carries a session cookie must come from our own origin.
 */
import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../context";
import { SESSION_COOKIE, verifySession } from "../domain/session";
import { PodiumError } from "../errors";

export interface SessionUser {
  id: string;
  name: string;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export const session = createMiddleware<AppEnv>(async (c, next) => {
  const cookie = getCookie(c, SESSION_COOKIE);
  // Checked on the cookie's presence, not its validity: a forged cookie must not turn the check off.
  if (cookie !== undefined && !SAFE_METHODS.has(c.req.method)) {
    const origin = c.req.header("origin");
    if (origin !== new URL(c.req.url).origin) {
      throw new PodiumError("forbidden", "Cross-origin request refused: the Origin header must be this site", {
        origin: origin ?? null,
      });
    }
  }
  const payload = cookie ? await verifySession(cookie, c.env.SESSION_SECRET, Date.now()) : null;
  c.set("user", payload ? { id: payload.uid, name: payload.name } : null);
  await next();
});

/** The signed-in user, or a 401 envelope. */
export function requireUser(c: Context<AppEnv>): SessionUser {
  const user = c.get("user");
  if (!user) throw new PodiumError("unauthorized", "Sign in first: this needs a Hugging Face session");
  return user;
}
