/**
 * The checks every signed evaluator request passes before its body is trusted or even parsed: size, content
 * type, a live evaluator, a fresh timestamp and a Standard Webhooks signature over the raw bytes. Shared by the
 * events endpoint and anything else evaluators call "signed exactly like events".
 */
import type { Context } from "hono";
import { sha256Hex } from "../domain/encoding";
import {
  parseSignatureHeader,
  readSignedContent,
  signedPrefix,
  timestampProblem,
  verifySignatures,
} from "../domain/signatures";
import { signerKeys, type VerifiedDelivery } from "../use-cases/deliveries";
import type { AppEnv } from "./context";
import { PodiumError } from "./errors";
import { orRefuse } from "./refusals";

/** The largest body accepted: a results file with samples inline is well below it. */
export const MAX_DELIVERY_BYTES = 16 * 1024 * 1024;

const tooLarge = () => new PodiumError("payload_too_large", `The body is over ${MAX_DELIVERY_BYTES} bytes (16 MiB)`);
const unauthorized = (message: string) => new PodiumError("unauthorized", message);

/**
 * Verifies the signed request of the evaluator named by `evaluatorId`: 413 over 16 MiB (before reading it all
 * when Content-Length says so), 415 when not JSON, 401 for an unknown or revoked evaluator, missing headers, a
 * timestamp more than 5 minutes off or no signature that verifies on the raw bytes with an active key.
 * Anyone can call this with any evaluator id, so everything that can be refused without the body is refused
 * before it is read, the body is read once into the buffer the HMAC runs on, and each key hashes it once.
 */
export async function verifiedDelivery(c: Context<AppEnv>, evaluatorId: string): Promise<VerifiedDelivery> {
  const length = c.req.header("content-length") ?? "";
  const declared = /^\d{1,16}$/.test(length) ? Number(length) : null;
  if (declared !== null && declared > MAX_DELIVERY_BYTES) throw tooLarge();
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
  if (problem)
    throw unauthorized(
      `The webhook-timestamp is too far in the ${problem === "stale" ? "past" : "future"} (more than 5 minutes)`,
    );
  const parsed = parseSignatureHeader(signature);
  if ("problem" in parsed) throw unauthorized(parsed.problem);

  const { keys, trust } = orRefuse(await signerKeys(c.var.db, c.var.config.evaluatorSecretsKey, evaluatorId));
  const schemes = [...new Set(keys.map((k) => k.scheme))];
  const entries = parsed.entries.filter((e) => schemes.includes(e.scheme));
  if (entries.length === 0) {
    throw unauthorized(
      `No signature in webhook-signature is of a scheme this evaluator has a key for (${schemes.join(", ")})`,
    );
  }

  const prefix = signedPrefix(webhookId, timestamp);
  const read = await readSignedContent(c.req.raw.body, prefix, declared, MAX_DELIVERY_BYTES);
  if ("problem" in read) {
    if (read.problem === "too large") throw tooLarge();
    throw new PodiumError("bad_request", "The body is longer than its Content-Length");
  }
  const scheme = await verifySignatures(entries, keys, read.content);
  if (!scheme) throw unauthorized("No signature in webhook-signature verifies for this evaluator");
  const rawBody = read.content.subarray(prefix.length);
  return { evaluatorId, trust, webhookId, rawBody, scheme, bodySha256: await sha256Hex(rawBody) };
}
