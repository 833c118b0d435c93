/**
 * Evaluators' JSON: the admin API's bodies and answers for credentials, and what the signed endpoints answer
 * (a stored run, a recorded event, a claimed job).
 */
import { z } from "@hono/zod-openapi";
import { BENCHMARK_KEYS } from "../domain/benchmarks";
import { parseEd25519PublicKey } from "../domain/signatures";
import { iso } from "../domain/time";
import type { Evaluator, EvaluatorKeySummary, NewKey } from "../store/evaluators";
import type { SubmissionRow } from "../store/submissions";
import { score } from "./board";

const publicKey = z
  .string()
  .refine((v) => parseEd25519PublicKey(v) !== null, "must be whpk_ followed by the base64 of a 32-byte Ed25519 key")
  .openapi({ description: "An Ed25519 public key (`whpk_…`, from `podium-eval keygen`) instead of a shared secret" });

export const createEvaluatorBody = z
  .object({ name: z.string().trim().min(1).max(100), public_key: publicKey.optional() })
  .strict()
  .openapi("NewEvaluator");
export const rotateBody = z.object({ public_key: publicKey.optional() }).strict();
export type RotateBody = z.infer<typeof rotateBody>;

export const evaluatorParams = z.object({ id: z.string().min(1).max(100) });
export const keyParams = evaluatorParams.extend({ key_id: z.string().min(1).max(100) });

const keyMaterial = {
  key_id: z.string(),
  scheme: z.enum(["v1", "v1a"]),
  secret: z
    .string()
    .optional()
    .openapi({ description: "The `whsec_` secret, shown this once (not with a public key)" }),
  public_key: z.string().optional(),
};

export const createdEvaluator = z
  .object({ id: z.string(), name: z.string(), ...keyMaterial, created_at: z.string() })
  .openapi("CreatedEvaluator");
export const rotatedKey = z
  .object({ id: z.string(), ...keyMaterial, previous_keys_expire_at: z.string() })
  .openapi("RotatedKey");
export const evaluatorList = z
  .object({
    data: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        created_at: z.string(),
        revoked_at: z.string().nullable(),
        keys: z.array(
          z.object({
            id: z.string(),
            scheme: z.enum(["v1", "v1a"]),
            created_at: z.string(),
            expires_at: z.string().nullable(),
            revoked_at: z.string().nullable(),
          }),
        ),
      }),
    ),
  })
  .openapi("EvaluatorList");
export const revokedEvaluator = z
  .object({ id: z.string(), name: z.string(), revoked_at: z.string().nullable() })
  .openapi("RevokedEvaluator");
export const revokedKey = z
  .object({ id: z.string(), evaluator_id: z.string(), revoked_at: z.string().nullable(), active_keys: z.number() })
  .openapi("RevokedKey");

/** A new key as shown once: its id and scheme, the clear secret or the public key. */
function keyJson(key: NewKey, secret: string | null) {
  return { key_id: key.id, scheme: key.scheme, ...(secret ? { secret } : { public_key: key.material }) };
}

export function createdEvaluatorJson(evaluator: Evaluator, key: NewKey, secret: string | null) {
  return { id: evaluator.id, name: evaluator.name, ...keyJson(key, secret), created_at: iso(evaluator.createdAt) };
}

export function rotatedKeyJson(id: string, key: NewKey, secret: string | null, previousExpireAt: number) {
  return { id, ...keyJson(key, secret), previous_keys_expire_at: iso(previousExpireAt) };
}

export function evaluatorListJson(rows: Array<Evaluator & { keys: EvaluatorKeySummary[] }>) {
  return {
    data: rows.map((e) => ({
      id: e.id,
      name: e.name,
      created_at: iso(e.createdAt),
      revoked_at: iso(e.revokedAt),
      keys: e.keys.map((k) => ({
        id: k.id,
        scheme: k.scheme,
        created_at: iso(k.createdAt),
        expires_at: iso(k.expiresAt),
        revoked_at: iso(k.revokedAt),
      })),
    })),
  };
}

/** What an evaluation.completed answers: the stored run, as the model API would show its scores. */
export const storedRunAnswer = z
  .object({
    evaluation_id: z.string(),
    model_id: z.string(),
    revision: z.string(),
    precision: z.string(),
    status: z.enum(["ranked", "partial"]).openapi({ description: "partial: kept with its model, never ranked" }),
    average: z.number().nullable().openapi({ description: "Mean of the six normalized scores; null when partial" }),
    scores: z
      .record(z.enum(BENCHMARK_KEYS), score.pick({ raw: true, normalized: true }).nullable())
      .openapi({ description: "Per benchmark, null when the run lacks it; intervals are on the model's API" }),
    co2_kg: z.number(),
    evaluator_id: z.string(),
    provenance: z
      .record(z.string(), z.unknown())
      .openapi({ description: "Evaluator, harness version and commit, chat template, hardware, job, signature, …" }),
  })
  .openapi("StoredRun");

/** What an evaluation.started or evaluation.failed answers. */
export const recordedEventAnswer = z
  .object({
    received: z.literal(true),
    type: z.enum(["evaluation.started", "evaluation.failed"]),
    job_id: z.string(),
  })
  .openapi("RecordedEvent");

/** A repeat of an accepted message gets the first answer again: either kind. */
export const evaluatorEventAnswer = z.union([storedRunAnswer, recordedEventAnswer]).openapi("EventAnswer");

export const claimBody = z.object({ gpu: z.string().max(200).optional() }).openapi("Claim");
export type ClaimBody = z.infer<typeof claimBody>;

export const claimedJob = z
  .object({
    job_id: z.string(),
    submission_id: z.string(),
    model: z.string(),
    revision: z.string(),
    sha: z.string(),
    precision: z.string(),
    weight_type: z.string(),
    base_model: z.string().nullable(),
    model_type: z.string(),
    chat_template: z.boolean(),
    lease_expires_at: z.string(),
    gpu: z.string().optional(),
  })
  .openapi("Job");

/** A claimed job as the evaluator gets it (and a retried claim gets again). */
export function claimedJobJson(job: SubmissionRow, gpu: string | undefined): z.infer<typeof claimedJob> {
  return {
    job_id: job.jobId ?? "",
    submission_id: job.id,
    model: job.modelId,
    revision: job.revision,
    sha: job.sha,
    precision: job.precision,
    weight_type: job.weightType,
    base_model: job.baseModel,
    model_type: job.modelType,
    chat_template: job.chatTemplate,
    lease_expires_at: iso(job.leaseExpiresAt ?? 0),
    ...(gpu === undefined ? {} : { gpu }),
  };
}
