/** The per-request context every route sees: the bindings, the configuration and the services built once per request. */
import { OpenAPIHono } from "@hono/zod-openapi";
import type { HubClient } from "../adapters/hub";
import type { OAuthClient } from "../adapters/oauth";
import type { RateLimiter } from "../adapters/rate-limiter";
import type { Config } from "../config";
import type { SessionPayload, Verified } from "../domain/session";
import type { Db } from "../store/db";
import { fromZodError } from "./errors";

export interface AppEnv {
  Bindings: Env;
  Variables: {
    /** Parsed once per isolate (config.ts), set by edge/configure.ts. */
    config: Config;
    /** The primary database; on a cached read, a D1 session over the read replicas (edge/read-session.ts). */
    db: Db;
    /**
     * The session named by a cookie whose MAC verifies; null without one. Not yet checked against D1: ask
     * `currentUser` (edge/session.ts) who is signed in.
     */
    session: Verified<SessionPayload> | null;
    hub: HubClient;
    oauth: OAuthClient;
    voteLimiters: { user: RateLimiter; ip: RateLimiter };
    /** A uniform draw in [0, 1): which trusted runs are audited. Math.random unless a test seeds it. */
    random: () => number;
  };
}

/**
 * A router whose zod validation failures leave as the standard error envelope (400 `invalid_parameter` naming
 * the parameter), never as a raw ZodError.
 */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        throw fromZodError(result.error, result.target === "query" ? "parameter" : result.target, "invalid_parameter");
      }
    },
  });
}
