/**
 * The Worker app mounted behind test doubles of its outside services, called in-process with this test file's
 * bindings (optionally overridden), plus helpers to mint sessions the way /auth/callback does.
 */
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { Hono } from "hono";
import type { AppEnv } from "../../worker/edge/context";
import { SESSION_COOKIE, signSession } from "../../worker/domain/session";
import { app } from "../../worker/index";
import type { OAuthClient } from "../../worker/adapters/oauth";
import { database } from "../../worker/store/db";
import { startSession } from "../../worker/store/sessions";
import { HubDouble } from "./hub-double";
import { OAuthDouble } from "./oauth-double";

export const ORIGIN = "https://podium.test";

/**
 * Production values of the switches, pinned: the vitest plugin also reads a local .dev.vars (written by
 * `npm start` with DEV_AUTH and HUB_OFFLINE on), which must not change what the tests see.
 */
const PINNED: Partial<Env> = { DEV_AUTH: "false", HUB_OFFLINE: "false", HF_CLIENT_ID: "", HF_CLIENT_SECRET: "" };

export interface TestApp {
  hub: HubDouble;
  fetch(path: string, init?: RequestInit, vars?: Partial<Env>): Promise<Response>;
}

/** The app with a Hub double (and an OAuth double unless given, and a seeded random source if given). */
export function testApp(options: { hub?: HubDouble; oauth?: OAuthClient; random?: () => number } = {}): TestApp {
  const hub = options.hub ?? new HubDouble();
  const oauth = options.oauth ?? new OAuthDouble("unused", { sub: "0", name: "nobody", avatarUrl: null });
  const wrapped = new Hono<AppEnv>();
  wrapped.use(async (c, next) => {
    c.set("hub", hub);
    c.set("oauth", oauth);
    if (options.random) c.set("random", options.random);
    await next();
  });
  wrapped.route("/", app);
  return {
    hub,
    async fetch(path, init = {}, vars = {}) {
      const ctx = createExecutionContext();
      const res = await wrapped.fetch(new Request(new URL(path, ORIGIN), init), { ...env, ...PINNED, ...vars }, ctx);
      await waitOnExecutionContext(ctx);
      return res;
    },
  };
}

/** A signed-in user: the rows in users and sessions, and a valid session cookie header naming that session. */
export async function signIn(name: string): Promise<{ id: string; sid: string; cookie: string }> {
  const id = `dev:${name}`;
  const session = { id: crypto.randomUUID(), expiresAt: Date.now() + 60_000 };
  await startSession(database(env.DB), { id, name, avatarUrl: null }, session, Date.now());
  const value = await signSession({ sid: session.id, exp: session.expiresAt }, env.SESSION_SECRET);
  // ORIGIN is not localhost, so the cookie has its __Host- name.
  return { id, sid: session.id, cookie: `__Host-${SESSION_COOKIE}=${value}` };
}

/** Headers of a same-origin JSON request with that session. */
export function as(user: { cookie: string }, ip = "203.0.113.1"): Record<string, string> {
  return { cookie: user.cookie, origin: ORIGIN, "content-type": "application/json", "cf-connecting-ip": ip };
}

/** A submission body that passes every check for `model`. */
export function submission(model: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    model,
    revision: "main",
    precision: "bfloat16",
    weight_type: "Original",
    model_type: "chat",
    chat_template: true,
    ...extra,
  });
}
