/**
 * A Worker cannot refuse to start, so this stands in for it: the secrets that key the session MACs and seal the
 * evaluator secrets are checked at the first request of an isolate, and while one is too short every answer but
 * /healthz is a 503 naming it, instead of signing and encrypting with a guessable key.
 */
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../context";
import { MIN_SECRET_BYTES, strongEnough, tooShortMessage } from "../domain/secret-strength";
import { PodiumError } from "../errors";

/** The problem found for a bindings object (the same object for every request of an isolate), or null. */
const verdicts = new WeakMap<Env, PodiumError | null>();

function check(env: Env): PodiumError | null {
  const secrets: Array<[string, string | undefined]> = [
    ["SESSION_SECRET", env.SESSION_SECRET],
    ["EVALUATOR_SECRETS_KEY", env.EVALUATOR_SECRETS_KEY],
  ];
  // Optional: only while a rotation's grace lasts.
  if (env.SESSION_SECRET_PREVIOUS) secrets.push(["SESSION_SECRET_PREVIOUS", env.SESSION_SECRET_PREVIOUS]);
  const weak = secrets.filter(([, value]) => !strongEnough(value ?? "")).map(([name]) => name);
  if (weak.length === 0) return null;
  return new PodiumError(
    "unavailable",
    tooShortMessage(weak),
    weak.map((variable) => ({ variable, minimum_bytes: MIN_SECRET_BYTES })),
  );
}

export const secretsCheck = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.path === "/healthz") return next();
  let verdict = verdicts.get(c.env);
  if (verdict === undefined) {
    verdict = check(c.env);
    verdicts.set(c.env, verdict);
  }
  if (verdict) throw verdict;
  await next();
});
