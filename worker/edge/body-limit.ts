/**
 * A ceiling on request bodies, enforced before anything reads them. Every body Podium takes from browsers and
 * the admin (a submission, a form, an evaluator's name) is a few hundred bytes, yet route validation parses JSON
 * before a route can ask who is calling: without this, anyone could make the Worker buffer and parse up to the
 * platform's 100 MB. Evaluator messages keep their own 16 MiB limit (edge/signed-request.ts).
 */
import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./context";
import { PodiumError } from "./errors";

export const MAX_BODY_BYTES = 64 * 1024;

const limit = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => {
    throw new PodiumError("payload_too_large", `The body is over ${MAX_BODY_BYTES} bytes (64 KiB)`);
  },
});

export const smallBodies = createMiddleware<AppEnv>((c, next) =>
  c.req.path.startsWith("/api/v1/evaluators/") ? next() : limit(c, next),
);
