/** The per-request context every route sees: the bindings and the services built once per request. */
import { OpenAPIHono } from "@hono/zod-openapi";
import type { HubClient } from "./domain/hub";
import type { SessionPayload, Verified } from "./domain/session";
import type { OAuthClient } from "./services/oauth-client";
import type { Db } from "./store/db";
import { fromZodError } from "./errors";

export interface AppEnv {
  Bindings: Env;
  Variables: {
    db: Db;
    /**
     * The session named by a cookie whose MAC verifies; null without one. Not yet checked against D1: ask
     * `currentUser` (middleware/session.ts) who is signed in.
     */
    session: Verified<SessionPayload> | null;
    hub: HubClient;
    oauth: OAuthClient;
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
