/** Open CORS for public reads: any origin may GET the API and the feed; writes keep the same-origin default. */
import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import type { AppEnv } from "./context";

const open = cors({
  origin: "*",
  allowMethods: ["GET", "HEAD", "OPTIONS"],
  exposeHeaders: ["ETag", "x-d1-bookmark", "x-podium-version", "x-podium-cache"],
  maxAge: 86400,
});

/** CORS `*` on GET, HEAD and their preflights; other methods pass through untouched. */
export const openReads: MiddlewareHandler<AppEnv> = async (c, next) => {
  const method = c.req.method;
  const preflightForRead =
    method === "OPTIONS" && ["GET", "HEAD"].includes(c.req.header("access-control-request-method") ?? "GET");
  if (method === "GET" || method === "HEAD" || preflightForRead) return open(c, next);
  await next();
};
