/**
 * The one mapping from refusals (domain/refusals.ts: what the store and the use cases answer when an action
 * cannot be done) to HTTP errors: each reason's code, message, details and headers. The JSON API throws them;
 * the forms show them (their `code` and `message`) on the page.
 */
import type { Outcome, Refusal } from "../domain/refusals";
import { iso } from "../domain/time";
import { PodiumError } from "./errors";

/** Seconds until `freesAt`, at least 1: a Retry-After. */
const retryAfter = (freesAt: number, now: number) => ({
  "retry-after": String(Math.max(1, Math.ceil((freesAt - now) / 1000))),
});

const described = (r: {
  modelId: string;
  revision: string;
  precision: string;
  weightType: string;
  baseModel: string | null;
}) =>
  `${r.modelId} at ${r.revision} in ${r.precision} (${r.weightType} weights${r.baseModel ? ` on ${r.baseModel}` : ""})`;

const QUOTA_MESSAGES = {
  owner: (r: Quota) =>
    `You already have ${r.quota} submissions in your namespace ${r.namespace} in the last ${r.windowDays} days`,
  submitter: (r: Quota) =>
    `You already have ${r.quota} submissions in the namespace ${r.namespace} in the last ${r.windowDays} days, the most for anyone but its owner`,
  namespace: (r: Quota) =>
    `Submitters other than its owner already have ${r.quota} submissions in the namespace ${r.namespace} in the last ${r.windowDays} days`,
};
type Quota = Extract<Refusal, { reason: "quota" }>;

const CLAIM_SHAPE = 'send {} or {"gpu": "…"}';

/** The HTTP error a refusal answers. */
export function refusalError(r: Refusal): PodiumError {
  switch (r.reason) {
    case "no_model":
      return new PodiumError("not_found", `No model ${r.modelId}`);
    case "not_ranked":
      return new PodiumError(
        "not_found",
        `${r.modelId} has no ranked evaluation${r.precision ? ` in ${r.precision}` : ""}`,
        r.precision ? { precision: r.precision } : undefined,
      );
    case "no_submission":
      return new PodiumError("not_found", `No submission ${r.submissionId}`);
    case "voting_closed":
      return new PodiumError("conflict", `Voting is closed: the submission is ${r.status}`, { status: r.status });
    case "not_votable":
      return new PodiumError(
        "conflict",
        "Reproduction jobs are not voted on: they wait by time alone, under the same aging rule",
        { submission_id: r.submissionId },
      );
    case "already_voted":
      return new PodiumError("conflict", "You have already voted for this submission", {
        submission_id: r.submissionId,
      });
    case "no_vote":
      return new PodiumError("not_found", "You have no vote on this submission to withdraw");
    case "vote_cap":
      return new PodiumError(
        "rate_limited",
        `Daily vote cap reached: ${r.cap} votes in 24 hours`,
        { cap: r.cap, frees_at: iso(r.freesAt) },
        retryAfter(r.freesAt, r.now),
      );
    case "vote_rate":
      return new PodiumError(
        "rate_limited",
        "Too many vote requests; slow down",
        { limit: r.limit, window_seconds: r.windowSeconds },
        { "retry-after": String(r.windowSeconds) },
      );
    case "hub_checks": {
      const [first] = r.failures;
      const more = r.failures.length > 1 ? ` (and ${r.failures.length - 1} more)` : "";
      return new PodiumError("unprocessable", `Check ${first?.check} failed: ${first?.message}${more}`, r.failures);
    }
    case "duplicate": {
      const e = r.existing;
      const state = e.status === "FINISHED" ? "evaluated" : "queued";
      return new PodiumError("conflict", `${e.modelId} at ${e.sha} in ${e.precision} is already ${state}`, {
        submission_id: e.id,
        status: e.status,
        url: `/api/v1/queue?status=${e.status}`,
      });
    }
    case "quota":
      return new PodiumError(
        "rate_limited",
        QUOTA_MESSAGES[r.limit](r),
        { limit: r.limit, quota: r.quota, window_days: r.windowDays, frees_at: iso(r.freesAt) },
        retryAfter(r.freesAt, r.now),
      );
    case "queue_busy":
      return new PodiumError("unavailable", "The queue is busy; claim again", undefined, { "retry-after": "1" });
    case "no_evaluation":
      return new PodiumError("not_found", `No evaluation ${r.evaluationId}`, { evaluation_id: r.evaluationId });
    case "no_flag":
      return new PodiumError("not_found", `Model ${r.modelId} has no flag ${r.flagId}`, {
        model_id: r.modelId,
        flag_id: r.flagId,
      });
    case "group_busy":
      return new PodiumError(
        "unavailable",
        "Other writes to this model, revision, precision and chat template keep landing first; send it again",
        undefined,
        { "retry-after": "1" },
      );
    case "job_taken":
      return new PodiumError("conflict", `Job ${r.jobId} was claimed by another evaluator`, { job_id: r.jobId });
    case "job_over":
      return new PodiumError("conflict", `Job ${r.jobId} is already ${r.status}`, {
        job_id: r.jobId,
        status: r.status,
      });
    case "job_mismatch":
      return new PodiumError("conflict", `Job ${r.jobId} is ${described(r.job)}, not ${described(r.run)}`, {
        job_id: r.jobId,
        mismatched: r.mismatched,
        model: r.job.modelId,
        sha: r.job.revision,
        precision: r.job.precision,
        weight_type: r.job.weightType,
        base_model: r.job.baseModel,
      });
    case "signer_unknown":
      return new PodiumError("unauthorized", "Unknown evaluator");
    case "signer_revoked":
      return new PodiumError("unauthorized", "This evaluator has been revoked");
    case "signer_keyless":
      return new PodiumError("unauthorized", "This evaluator has no active key");
    case "webhook_reused":
      return new PodiumError(
        "conflict",
        `webhook-id ${r.webhookId} was already used for a different body; use a new webhook-id for a new message`,
      );
    case "body_not_utf8":
      return new PodiumError("bad_request", "The body is not UTF-8 text");
    case "body_not_json":
      return new PodiumError("bad_request", `The body is not valid JSON: ${r.message}`);
    case "invalid_event": {
      const first = r.problems[0];
      const where = first?.path ? ` at ${first.path}` : "";
      return new PodiumError("bad_request", `Invalid event body${where}: ${first?.message ?? "malformed"}`, r.problems);
    }
    case "invalid_claim":
      return new PodiumError(
        "bad_request",
        r.problem === "json" ? `The body is not valid JSON; ${CLAIM_SHAPE}` : `Invalid claim body: ${CLAIM_SHAPE}`,
      );
    case "no_evaluator":
      return new PodiumError("not_found", `No evaluator ${r.evaluatorId}`);
    case "evaluator_revoked":
      return new PodiumError("conflict", `Evaluator ${r.evaluatorId} is revoked`);
    case "no_key":
      return new PodiumError("not_found", `Evaluator ${r.evaluatorId} has no key ${r.keyId}`);
  }
}

/** The outcome's value, or its refusal thrown as the HTTP error it answers. */
export function orRefuse<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  throw refusalError(outcome);
}
