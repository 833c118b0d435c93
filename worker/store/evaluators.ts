/**
 * Evaluators: the machines allowed to push results, and their verification keys (with rotation and revocation).
 * What they delivered is in store/deliveries.ts.
 */
import { and, asc, eq, gt, isNull, or, sql } from "drizzle-orm";
import type { Trust } from "../domain/verification";
import type { Db } from "./db";
import { appendEntry, type NewLogEntry } from "./moderation";
import { evaluatorKeys, evaluators } from "./schema";
import { bumpVersions } from "./version";

export type Evaluator = typeof evaluators.$inferSelect;
export type EvaluatorKey = typeof evaluatorKeys.$inferSelect;
/** What is listed of a key: never its material. */
export type EvaluatorKeySummary = Pick<EvaluatorKey, "id" | "scheme" | "createdAt" | "expiresAt" | "revokedAt">;

/** What is stored of a key: the sealed HMAC secret (`v1`) or the Ed25519 public key (`v1a`). */
export interface NewKey {
  id: string;
  scheme: "v1" | "v1a";
  material: string;
}

/** Creates an evaluator (`community` unless told) with its first key and its moderation log entry, all or nothing. */
export async function createEvaluator(
  db: Db,
  evaluator: { id: string; name: string; trust?: Trust },
  key: NewKey,
  now = Date.now(),
  log?: NewLogEntry,
): Promise<Evaluator> {
  const row = { ...evaluator, trust: evaluator.trust ?? "community", createdAt: now, revokedAt: null };
  await db.batch([
    db.insert(evaluators).values(row),
    db.insert(evaluatorKeys).values({ ...key, evaluatorId: evaluator.id, createdAt: now, expiresAt: null }),
    ...(log ? [appendEntry(db, log), bumpVersions(db, ["moderation"])] : []),
  ]);
  return row;
}

/**
 * Sets an evaluator's trust with its entry in the moderation log, in one batch. Runs it already stored keep
 * their verification: trust decides how a new run starts, not what earlier runs were found to be.
 */
export async function setTrust(db: Db, id: string, trust: Trust, log: NewLogEntry): Promise<void> {
  await db.batch([
    db.update(evaluators).set({ trust }).where(eq(evaluators.id, id)),
    appendEntry(db, log),
    bumpVersions(db, ["moderation"]),
  ]);
}

/** The evaluator with this id (revoked or not), or undefined. */
export async function findEvaluator(db: Db, id: string): Promise<Evaluator | undefined> {
  return (await evaluatorById(db, id))[0];
}

/** The query of one evaluator by id (at most one row), unrun so that it can join a batch. */
function evaluatorById(db: Db, id: string) {
  return db.select().from(evaluators).where(eq(evaluators.id, id)).limit(1);
}

/** Every evaluator, oldest first, with the schemes and expiry of its keys (never their material). */
export async function listEvaluators(db: Db): Promise<Array<Evaluator & { keys: EvaluatorKeySummary[] }>> {
  const [rows, keys] = await Promise.all([
    db.select().from(evaluators).orderBy(asc(evaluators.createdAt), asc(evaluators.id)),
    db
      .select({
        id: evaluatorKeys.id,
        evaluatorId: evaluatorKeys.evaluatorId,
        scheme: evaluatorKeys.scheme,
        createdAt: evaluatorKeys.createdAt,
        expiresAt: evaluatorKeys.expiresAt,
        revokedAt: evaluatorKeys.revokedAt,
      })
      .from(evaluatorKeys)
      .orderBy(asc(evaluatorKeys.createdAt), asc(evaluatorKeys.id)),
  ]);
  return rows.map((e) => ({
    ...e,
    keys: keys.filter((k) => k.evaluatorId === e.id).map(({ evaluatorId: _, ...k }) => k),
  }));
}

/**
 * The keys of an evaluator that still verify at `now`: not revoked, not expired by a rotation. A query, awaited
 * or joined to a batch.
 */
export function activeKeys(db: Db, evaluatorId: string, now = Date.now()) {
  return db
    .select()
    .from(evaluatorKeys)
    .where(
      and(
        eq(evaluatorKeys.evaluatorId, evaluatorId),
        isNull(evaluatorKeys.revokedAt),
        or(isNull(evaluatorKeys.expiresAt), gt(evaluatorKeys.expiresAt, now)),
      ),
    )
    .orderBy(asc(evaluatorKeys.createdAt));
}

/**
 * The evaluator that signs a delivery and its active keys, in one batch: one round trip on the path every pushed
 * message takes. The keys are empty when there is no such evaluator.
 */
export async function findSigner(
  db: Db,
  id: string,
  now = Date.now(),
): Promise<{ evaluator: Evaluator | undefined; keys: EvaluatorKey[] }> {
  const [found, keys] = await db.batch([evaluatorById(db, id), activeKeys(db, id, now)]);
  return { evaluator: found[0], keys };
}

/**
 * Revokes one key of the evaluator at `now` (once; a second call keeps the first time): it stops verifying at
 * once, whatever its expiry. The key as it now stands, or undefined when the evaluator has no such key.
 */
export async function revokeKey(
  db: Db,
  evaluatorId: string,
  keyId: string,
  now = Date.now(),
  log?: NewLogEntry,
): Promise<Pick<EvaluatorKey, "id" | "revokedAt"> | undefined> {
  const ofEvaluator = and(eq(evaluatorKeys.id, keyId), eq(evaluatorKeys.evaluatorId, evaluatorId));
  // Logged only by the call that revoked it: a repeated call changes nothing, so it records nothing.
  const revokedNow = sql`exists (select 1 from evaluator_keys
    where id = ${keyId} and evaluator_id = ${evaluatorId} and revoked_at = ${now})`;
  const [, key] = await db.batch([
    db
      .update(evaluatorKeys)
      .set({ revokedAt: now })
      .where(and(ofEvaluator, isNull(evaluatorKeys.revokedAt))),
    db.select({ id: evaluatorKeys.id, revokedAt: evaluatorKeys.revokedAt }).from(evaluatorKeys).where(ofEvaluator),
    ...(log ? [appendEntry(db, log, revokedNow), bumpVersions(db, ["moderation"], revokedNow)] : []),
  ]);
  return key[0];
}

/**
 * Adds a new key and gives every live key without an expiry one `graceMs` from now, in one batch: signatures
 * from the old and the new key both verify until then. Revoked keys stay revoked.
 */
export async function rotateKey(
  db: Db,
  evaluatorId: string,
  key: NewKey,
  graceMs: number,
  now = Date.now(),
  log?: NewLogEntry,
) {
  await db.batch([
    db
      .update(evaluatorKeys)
      .set({ expiresAt: now + graceMs })
      .where(
        and(
          eq(evaluatorKeys.evaluatorId, evaluatorId),
          isNull(evaluatorKeys.expiresAt),
          isNull(evaluatorKeys.revokedAt),
        ),
      ),
    db.insert(evaluatorKeys).values({ ...key, evaluatorId, createdAt: now, expiresAt: null }),
    ...(log ? [appendEntry(db, log), bumpVersions(db, ["moderation"])] : []),
  ]);
}

/** Marks the evaluator revoked (once; a second call keeps the first time). Its past evaluations stay. */
export async function revokeEvaluator(db: Db, id: string, now = Date.now(), log?: NewLogEntry): Promise<void> {
  const [revoke, ...rest] = revokeEvaluatorStatements(db, id, now, log);
  await db.batch([revoke, ...rest]);
}

/** The statements of `revokeEvaluator`, for a caller's batch; the log entry is appended only by the first call. */
export function revokeEvaluatorStatements(db: Db, id: string, now: number, log?: NewLogEntry) {
  const revokedNow = sql`exists (select 1 from evaluators where id = ${id} and revoked_at = ${now})`;
  return [
    db
      .update(evaluators)
      .set({ revokedAt: now })
      .where(and(eq(evaluators.id, id), isNull(evaluators.revokedAt))),
    ...(log ? [appendEntry(db, log, revokedNow), bumpVersions(db, ["moderation"], revokedNow)] : []),
  ] as const;
}
