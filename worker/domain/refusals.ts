/**
 * Why an action is refused, as data: the store and the use cases answer with these, never with HTTP errors,
 * and the edge (edge/refusals.ts) turns each into its status, message and details, in one place.
 */
import type { CheckFailure } from "./hub";
import type { Problem } from "./harness/events";
import type { SubmissionStatus } from "./vocabulary";

/** What a run or a job says it evaluated: held against each other when a run completes a job. */
export interface RunIdentity {
  modelId: string;
  revision: string;
  precision: string;
  weightType: string;
  baseModel: string | null;
}

export type Refusal =
  // Reads.
  | { reason: "no_model"; modelId: string }
  | { reason: "not_ranked"; modelId: string; precision?: string | null }
  // Votes.
  | { reason: "no_submission"; submissionId: string }
  | { reason: "voting_closed"; status: SubmissionStatus }
  | { reason: "not_votable"; submissionId: string }
  | { reason: "already_voted"; submissionId: string }
  | { reason: "no_vote" }
  | { reason: "vote_cap"; cap: number; freesAt: number; now: number }
  | { reason: "vote_rate"; limit: "user" | "ip"; windowSeconds: number }
  // Submissions.
  | { reason: "hub_checks"; failures: CheckFailure[] }
  | {
      reason: "duplicate";
      existing: { id: string; modelId: string; sha: string; precision: string; status: SubmissionStatus };
    }
  | {
      reason: "quota";
      limit: "owner" | "namespace" | "submitter";
      quota: number;
      namespace: string;
      windowDays: number;
      freesAt: number;
      now: number;
    }
  // Jobs.
  | { reason: "queue_busy" }
  | { reason: "job_taken"; jobId: string }
  | { reason: "job_over"; jobId: string; status: SubmissionStatus }
  | { reason: "job_mismatch"; jobId: string; job: RunIdentity; run: RunIdentity; mismatched: string[] }
  // Verification.
  | { reason: "group_busy" }
  | { reason: "no_evaluation"; evaluationId: string }
  | { reason: "no_flag"; modelId: string; flagId: string }
  // Signed deliveries.
  | { reason: "signer_unknown" }
  | { reason: "signer_revoked" }
  | { reason: "signer_keyless" }
  | { reason: "webhook_reused"; webhookId: string }
  | { reason: "body_not_utf8" }
  | { reason: "body_not_json"; message: string }
  | { reason: "invalid_event"; problems: Problem[] }
  | { reason: "invalid_claim"; problem: "json" | "shape" }
  // Evaluator credentials.
  | { reason: "no_evaluator"; evaluatorId: string }
  | { reason: "evaluator_revoked"; evaluatorId: string }
  | { reason: "no_key"; evaluatorId: string; keyId: string };

export type Reason = Refusal["reason"];

/** A refusal of one of the given reasons, marked as a failed outcome. */
export type Refused<R extends Reason = Reason> = { ok: false } & Extract<Refusal, { reason: R }>;

/** What an action gives back: its value, or why it was refused. */
export type Outcome<T, R extends Reason = Reason> = { ok: true; value: T } | Refused<R>;

/** A successful outcome. */
export function done<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

/** A refused outcome. */
export function refused<R extends Refusal>(refusal: R): { ok: false } & R {
  return { ok: false, ...refusal };
}
