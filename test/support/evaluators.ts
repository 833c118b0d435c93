/**
 * Evaluator helpers for Worker tests: create one through the admin API and send it signed messages, signing
 * `v1` with the npm `standardwebhooks` library (what evaluators use) and `v1a` with Podium's own signer.
 */
import { env, SELF } from "cloudflare:test";
import { Webhook } from "standardwebhooks";
import { signMessage } from "../../worker/domain/signatures";

export const BASE = "https://podium.test";
export const adminHeaders = () => ({ authorization: `Bearer ${env.ADMIN_TOKEN}`, "content-type": "application/json" });

/** Calls the admin API with the admin token. */
export function admin(method: string, path: string, body?: unknown): Promise<Response> {
  return SELF.fetch(`${BASE}${path}`, {
    method,
    headers: adminHeaders(),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/**
 * A new evaluator (`community` unless `trust` says otherwise: a test about something other than verification that
 * expects a full run ranked at once creates it trusted); `secret` is its whsec_ unless created with a public key.
 */
export async function newEvaluator(body: { name?: string; public_key?: string; trust?: "trusted" | "community" } = {}) {
  const res = await admin("POST", "/api/v1/admin/evaluators", { name: "test lab", ...body });
  if (res.status !== 201) throw new Error(`create evaluator: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string; name: string; key_id?: string; secret?: string; public_key?: string };
}

let counter = 0;

export interface SignedOptions {
  webhookId?: string;
  /** Unix seconds; now by default. */
  timestamp?: number;
  /** Replaces the computed webhook-signature header. */
  signature?: string;
  contentType?: string;
  /** Signs these bytes but sends `body` (to tamper). */
  signedBody?: string;
  /** The evaluator route, `events` unless given (e.g. `jobs/claim`). */
  route?: string;
  /** Sends the request through this instead of SELF (a test app with seeded doubles). */
  fetch?: (path: string, init: RequestInit) => Promise<Response>;
}

/** Signs `body` (an object is JSON-encoded once, and those exact bytes are signed and sent) and posts it to the events route (or `options.route`). */
export async function postSigned(
  evaluatorId: string,
  secret: string,
  body: unknown,
  options: SignedOptions = {},
): Promise<Response> {
  const raw = typeof body === "string" ? body : JSON.stringify(body);
  const webhookId = options.webhookId ?? `msg_test_${Date.now()}_${++counter}`;
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signed = options.signedBody ?? raw;
  const signature =
    options.signature ??
    (secret.startsWith("whsec_")
      ? new Webhook(secret).sign(webhookId, new Date(timestamp * 1000), signed)
      : await signMessage(secret, webhookId, timestamp, new TextEncoder().encode(signed)));
  const path = `/api/v1/evaluators/${encodeURIComponent(evaluatorId)}/${options.route ?? "events"}`;
  const send = options.fetch ?? ((p: string, init: RequestInit) => SELF.fetch(`${BASE}${p}`, init));
  return send(path, {
    method: "POST",
    headers: {
      "content-type": options.contentType ?? "application/json",
      "webhook-id": webhookId,
      "webhook-timestamp": String(timestamp),
      "webhook-signature": signature,
    },
    body: raw,
  });
}
