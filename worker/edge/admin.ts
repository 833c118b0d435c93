/**
 * The admin API's gate: `Authorization: Bearer <ADMIN_TOKEN>`, compared in constant time. An empty ADMIN_TOKEN
 * disables the admin API (503) rather than letting an empty bearer through, and so does one too short to resist
 * guessing.
 */
import type { Context, MiddlewareHandler } from "hono";
import { ACTOR_HEADER, adminActor } from "../domain/moderation";
import { MIN_SECRET_BYTES, tooShortMessage } from "../domain/secret-strength";
import type { AppEnv } from "./context";
import { PodiumError } from "./errors";

const encoder = new TextEncoder();

/** Equality of two strings whose time depends only on their lengths, not on where they first differ. */
async function constantTimeEqual(a: string, b: string): Promise<boolean> {
  // Comparing digests keeps the loop length fixed whatever the token lengths are.
  const [da, db] = await Promise.all([
    crypto.subtle.digest("SHA-256", encoder.encode(a)),
    crypto.subtle.digest("SHA-256", encoder.encode(b)),
  ]);
  const x = new Uint8Array(da);
  const y = new Uint8Array(db);
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= (x[i] as number) ^ (y[i] as number);
  return diff === 0;
}

/** Lets the request through only with the admin bearer token. */
export const requireAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { token, problem } = c.var.config.admin;
  if (problem === "missing") throw new PodiumError("unavailable", "The admin API is disabled: ADMIN_TOKEN is not set");
  if (problem === "weak") {
    throw new PodiumError("unavailable", tooShortMessage(["ADMIN_TOKEN"]), [
      { variable: "ADMIN_TOKEN", minimum_bytes: MIN_SECRET_BYTES },
    ]);
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header("authorization") ?? "");
  if (!match || !(await constantTimeEqual(match[1] as string, token))) {
    throw new PodiumError("unauthorized", "A valid admin bearer token is required", undefined, {
      "WWW-Authenticate": 'Bearer realm="podium-admin"',
    });
  }
  await next();
};

/**
 * Who the moderation log says did an admin request: `admin` (the one bearer token), or `admin:<name>` when the
 * holder names themselves in the `Podium-Actor` header; a malformed name is refused rather than recorded.
 */
export function actorOf(c: Context<AppEnv>): string {
  const actor = adminActor(c.req.header(ACTOR_HEADER));
  if (actor === null) {
    throw new PodiumError(
      "invalid_parameter",
      "Podium-Actor must be 1 to 64 letters, digits or . _ @ -, starting with a letter or digit",
      [{ header: "Podium-Actor" }],
    );
  }
  return actor;
}
