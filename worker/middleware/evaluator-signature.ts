/**
 * The checks every signed evaluator request passes before its body is trusted or even parsed: size, content
 * type, a live evaluator, a fresh timestamp and a Standard Webhooks signature over the raw bytes. Shared by the
 * events endpoint and anything else evaluators call "signed exactly like events".
 */
import type { Context } from "hono";
import type { AppEnv } from "../context";
import { openSecret } from "../domain/secrets-box";
import type { Bytes, SignatureScheme, VerifyKey } from "../domain/signatures";
import {
  parseEd25519PublicKey,
  parseHmacSecret,
  sha256Hex,
  timestampProblem,
  verifySignatureHeader,
} from "../domain/signatures";
import { PodiumError } from "../errors";
import { activeKeys, findEvaluator, type Evaluator } from "../store/evaluators";

/** The largest body accepted: a results file with samples inline is well below it. */
export const MAX_DELIVERY_BYTES = 16 * 1024 * 1024;

export interface VerifiedDelivery {
  evaluator: Evaluator;
  webhookId: string;
  rawBody: Bytes;
  scheme: SignatureScheme;
  bodySha256: string;
}

const tooLarge = () =>
  new PodiumError("payload_too_large", `The body is over ${MAX_DELIVERY_BYTES} bytes (16 MiB)`);
const unauthorized = (message: string) => new PodiumError("unauthorized", message);

/** The body, refusing it as soon as it passes the limit (a chunked body declares no length up front). */
async function readLimited(request: Request): Promise<Bytes> {
  if (!request.body) return new Uint8Array();
  const parts: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_DELIVERY_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    parts.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

async function verifyKeys(env: Env, evaluatorId: string, rows: Awaited<ReturnType<typeof activeKeys>>) {
  const keys: VerifyKey[] = [];
  for (const row of rows) {
    if (row.scheme === "v1") {
      const secret = parseHmacSecret(await openSecret(row.material, env.EVALUATOR_SECRETS_KEY, row.id));
      if (secret) keys.push({ scheme: "v1", secret });
    } else {
      const publicKey = parseEd25519PublicKey(row.material);
      if (publicKey) keys.push({ scheme: "v1a", publicKey });
    }
  }
  if (keys.length === 0 && rows.length > 0) throw new Error(`evaluator ${evaluatorId} has no usable key`);
  return keys;
}

/**
 * Verifies the signed request of the evaluator named by `evaluatorId`: 413 over 16 MiB (before reading it all
 * when Content-Length says so), 415 when not JSON, 401 for an unknown or revoked evaluator, missing headers, a
 * timestamp more than 5 minutes off or no signature that verifies on the raw bytes with an active key.
 */
export async function verifiedDelivery(c: Context<AppEnv>, evaluatorId: string): Promise<VerifiedDelivery> {
  const declared = Number(c.req.header("content-length") ?? "");
  if (Number.isFinite(declared) && declared > MAX_DELIVERY_BYTES) throw tooLarge();
  const type = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (type !== "application/json" && !/^application\/[\w.+-]+\+json$/.test(type)) {
    throw new PodiumError("unsupported_media_type", "The body must be JSON (Content-Type: application/json)");
  }

  const webhookId = c.req.header("webhook-id");
  const timestamp = c.req.header("webhook-timestamp");
  const signature = c.req.header("webhook-signature");
  if (!webhookId || !signature || !timestamp) {
    throw unauthorized("Missing webhook-id, webhook-timestamp or webhook-signature header");
  }
  if (webhookId.length > 256) throw unauthorized("The webhook-id is longer than 256 characters");
  const problem = timestampProblem(timestamp, Math.floor(Date.now() / 1000));
  if (problem === "missing") throw unauthorized("The webhook-timestamp is not an integer number of seconds");
  if (problem) throw unauthorized(`The webhook-timestamp is too far in the ${problem === "stale" ? "past" : "future"} (more than 5 minutes)`);

  const evaluator = await findEvaluator(c.var.db, evaluatorId);
  if (!evaluator) throw unauthorized("Unknown evaluator");
  if (evaluator.revokedAt !== null) throw unauthorized("This evaluator has been revoked");

  const [rawBody, rows] = await Promise.all([readLimited(c.req.raw), activeKeys(c.var.db, evaluator.id)]);
  const keys = await verifyKeys(c.env, evaluator.id, rows);
  const scheme = await verifySignatureHeader(signature, keys, webhookId, timestamp, rawBody);
  if (!scheme) throw unauthorized("No signature in webhook-signature verifies for this evaluator");
  return { evaluator, webhookId, rawBody, scheme, bodySha256: await sha256Hex(rawBody) };
}
