/**
 * `Cache-Control: no-store` on answers that show a secret (evaluator creation and rotation), set or clear a
 * session cookie, or name the visitor: no browser, proxy or shared cache may keep a copy, errors included.
 */
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./context";

export const noStore = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  c.res.headers.set("Cache-Control", "no-store");
});
