/**
 * Evaluator credentials for the admin API: create an evaluator with its first key, list them, rotate (a new key,
 * the old ones kept for a grace period), revoke an evaluator or one key at once. Secrets are shown once, sealed
 * at rest (domain/secrets-box.ts), never listed.
 */
import { done, type Outcome, refused } from "../domain/refusals";
import type { Trust } from "../domain/verification";
import { sealSecret } from "../domain/secrets-box";
import { generateHmacSecret } from "../domain/signatures";
import type { Db } from "../store/db";
import {
  activeKeys,
  createEvaluator,
  type Evaluator,
  findEvaluator,
  listEvaluators,
  type NewKey,
  revokeKey,
  rotateKey,
  setTrust,
} from "../store/evaluators";

export interface CredentialDeps {
  db: Db;
  /** EVALUATOR_SECRETS_KEY, which seals HMAC secrets at rest. */
  secretsKey: string;
}

/** A key just made: what is stored, and the clear secret to show once (none for a public key). */
export interface MintedKey {
  key: NewKey;
  secret: string | null;
}

/** A new key: a fresh HMAC secret sealed for storage, or the given Ed25519 public key. */
async function mintKey(secretsKey: string, publicKey: string | undefined): Promise<MintedKey> {
  const id = `key_${crypto.randomUUID()}`;
  if (publicKey) return { key: { id, scheme: "v1a", material: publicKey }, secret: null };
  const secret = generateHmacSecret();
  return { key: { id, scheme: "v1", material: await sealSecret(secret, secretsKey, id) }, secret };
}

/** The evaluator (revoked or not), or refused. */
async function existing(db: Db, id: string): Promise<Outcome<Evaluator, "no_evaluator">> {
  const evaluator = await findEvaluator(db, id);
  return evaluator ? done(evaluator) : refused({ reason: "no_evaluator", evaluatorId: id });
}

/** A new evaluator with its first key, `community` unless the admin vouches for it; the log records who. */
export async function addEvaluator(
  deps: CredentialDeps,
  body: { name: string; publicKey?: string | undefined; trust?: Trust | undefined },
  actor: string,
  now = Date.now(),
): Promise<MintedKey & { evaluator: Evaluator }> {
  const minted = await mintKey(deps.secretsKey, body.publicKey);
  const id = `ev_${crypto.randomUUID()}`;
  const trust = body.trust ?? "community";
  const evaluator = await createEvaluator(deps.db, { id, name: body.name, trust }, minted.key, now, {
    at: now,
    action: "evaluator.created",
    subjectType: "evaluator",
    subjectId: id,
    reason: null,
    actor,
    details: { name: body.name, trust, scheme: minted.key.scheme },
  });
  return { ...minted, evaluator };
}

/** Changes an evaluator's trust, with the admin's reason on the record; the evaluator as it now stands. */
export async function changeTrust(
  db: Db,
  id: string,
  change: { trust: Trust; reason: string },
  actor: string,
  now = Date.now(),
): Promise<Outcome<Evaluator, "no_evaluator">> {
  const found = await existing(db, id);
  if (!found.ok) return found;
  await setTrust(db, id, change.trust, {
    at: now,
    action: "evaluator.trust_changed",
    subjectType: "evaluator",
    subjectId: id,
    reason: change.reason,
    actor,
    details: { from: found.value.trust, to: change.trust },
  });
  return existing(db, id);
}

/** Every evaluator with its keys' ids, schemes, expiry and revocation. */
export function evaluatorsWithKeys(db: Db) {
  return listEvaluators(db);
}

/**
 * A new key for a live evaluator; every key it had keeps verifying for `graceMs`. The body (an optional public
 * key) is read only once the evaluator is known to be live.
 */
export async function rotate(
  deps: CredentialDeps & { graceMs: number },
  id: string,
  readBody: () => Promise<{ publicKey?: string | undefined }>,
  now: number,
  actor = "admin",
): Promise<Outcome<MintedKey & { previousExpireAt: number }, "no_evaluator" | "evaluator_revoked">> {
  const found = await existing(deps.db, id);
  if (!found.ok) return found;
  if (found.value.revokedAt !== null) return refused({ reason: "evaluator_revoked", evaluatorId: id });
  const minted = await mintKey(deps.secretsKey, (await readBody()).publicKey);
  await rotateKey(deps.db, id, minted.key, deps.graceMs, now, {
    at: now,
    action: "evaluator.key_rotated",
    subjectType: "evaluator",
    subjectId: id,
    reason: null,
    actor,
    details: { key_id: minted.key.id, scheme: minted.key.scheme, previous_keys_expire_at: now + deps.graceMs },
  });
  return done({ ...minted, previousExpireAt: now + deps.graceMs });
}

/** Revokes one key of an evaluator at once, whatever its grace; how many keys it has left. */
export async function revokeOneKey(db: Db, id: string, keyId: string, actor = "admin", now = Date.now()) {
  const found = await existing(db, id);
  if (!found.ok) return found;
  const key = await revokeKey(db, id, keyId, now, {
    at: now,
    action: "evaluator.key_revoked",
    subjectType: "evaluator",
    subjectId: id,
    reason: null,
    actor,
    details: { key_id: keyId },
  });
  if (!key) return refused({ reason: "no_key", evaluatorId: id, keyId });
  return done({ key, activeKeys: (await activeKeys(db, id)).length });
}
