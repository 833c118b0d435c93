/**
 * What every signed evaluator request shares once its signature verified (edge/signed-request.ts): the keys it
 * may verify with, and the replay rule of Standard Webhooks: a message is accepted once per webhook-id, a retry
 * gets the first answer again, and a webhook-id reused for another message is refused.
 */
import { done, type Outcome, refused } from "../domain/refusals";
import { openSecret } from "../domain/secrets-box";
import type { SignatureScheme, VerifyKey } from "../domain/signatures";
import { parseEd25519PublicKey, parseHmacSecret } from "../domain/signatures";
import type { Trust } from "../domain/verification";
import type { Db } from "../store/db";
import { findDelivery } from "../store/deliveries";
import { findSigner } from "../store/evaluators";

/** A signed request whose signature verified: who sent it, under which webhook-id, and its exact bytes. */
export interface VerifiedDelivery {
  evaluatorId: string;
  /** The sender's trust, read with its keys: how a run it pushes starts (domain/verification.ts). */
  trust: Trust;
  webhookId: string;
  rawBody: Uint8Array;
  scheme: SignatureScheme;
  bodySha256: string;
}

/** What a signed endpoint answers: the status and the JSON body (none for 204), as stored for a replay. */
export interface Answer {
  status: 200 | 201 | 202 | 204;
  body: unknown;
}

/**
 * The keys `evaluatorId` signs with now, and its trust; refused for an unknown or revoked evaluator, or one
 * without a key.
 */
export async function signerKeys(
  db: Db,
  secretsKey: string,
  evaluatorId: string,
): Promise<Outcome<{ keys: VerifyKey[]; trust: Trust }, "signer_unknown" | "signer_revoked" | "signer_keyless">> {
  const { evaluator, keys: rows } = await findSigner(db, evaluatorId);
  if (!evaluator) return refused({ reason: "signer_unknown" });
  if (evaluator.revokedAt !== null) return refused({ reason: "signer_revoked" });
  const keys: VerifyKey[] = [];
  for (const row of rows) {
    if (row.scheme === "v1") {
      const secret = parseHmacSecret(await openSecret(row.material, secretsKey, row.id));
      if (secret) keys.push({ scheme: "v1", secret });
    } else {
      const publicKey = parseEd25519PublicKey(row.material);
      if (publicKey) keys.push({ scheme: "v1a", publicKey });
    }
  }
  if (keys.length === 0 && rows.length > 0) throw new Error(`evaluator ${evaluator.id} has no usable key`);
  return keys.length ? done({ keys, trust: evaluator.trust }) : refused({ reason: "signer_keyless" });
}

/**
 * The outcome of this delivery when its webhook-id was already accepted: the first body again (200, or 204 for a
 * claim that found nothing), or refused when the webhook-id was used for another message (another body, or
 * another endpoint: `claim` says whether this one is a claim). Null for a new webhook-id.
 */
export async function earlierAnswer(
  db: Db,
  delivery: VerifiedDelivery,
  claim: boolean,
): Promise<Outcome<Answer, "webhook_reused"> | null> {
  const previous = await findDelivery(db, delivery.evaluatorId, delivery.webhookId);
  if (!previous) return null;
  if (previous.bodySha256 !== delivery.bodySha256 || (previous.type === "jobs.claim") !== claim) {
    return refused({ reason: "webhook_reused", webhookId: delivery.webhookId });
  }
  return done(previous.responseStatus === 204 ? { status: 204, body: null } : { status: 200, body: previous.response });
}
