/**
 * The configuration on the context (`c.var.config`), parsed once per isolate (config.ts). A Worker cannot refuse
 * to start, so this stands in for it: while a secret that keys the session MACs or seals the evaluator secrets is
 * too short, every answer but /healthz is a 503 naming it, instead of signing and encrypting with a guessable key.
 */
import { createMiddleware } from "hono/factory";
import { configOf } from "../config";
import { MIN_SECRET_BYTES, tooShortMessage } from "../domain/secret-strength";
import type { AppEnv } from "./context";
import { PodiumError } from "./errors";

export const configure = createMiddleware<AppEnv>(async (c, next) => {
  const config = configOf(c.env);
  c.set("config", config);
  if (config.weakSecrets.length && c.req.path !== "/healthz") {
    throw new PodiumError(
      "unavailable",
      tooShortMessage(config.weakSecrets),
      config.weakSecrets.map((variable) => ({ variable, minimum_bytes: MIN_SECRET_BYTES })),
    );
  }
  await next();
});
