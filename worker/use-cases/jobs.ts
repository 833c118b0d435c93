/**
 * Claiming a job (POST /api/v1/evaluators/{id}/jobs/claim): the highest-priority PENDING submission becomes a job,
 * RUNNING under a lease. The answer is remembered by webhook-id in the same batch as the claim, so a retried
 * claim gets the same job instead of a second one. Starting, completing and failing a job are evaluation events
 * (use-cases/ingest.ts); a lease that runs out returns the job to the queue (use-cases/housekeeping.ts).
 */
import { done, type Outcome, refused } from "../domain/refusals";
import { type ClaimBody, claimBody, claimedJobJson } from "../schemas/evaluators";
import { isUniqueViolation } from "../store/conditional";
import type { Db } from "../store/db";
import { deliveryIfClaimed, type NewDelivery, recordDelivery } from "../store/deliveries";
import { claimNext } from "../store/jobs";
import type { SubmissionRow } from "../store/submissions";
import { type Answer, earlierAnswer, type VerifiedDelivery } from "./deliveries";

export interface ClaimDeps {
  db: Db;
  leaseMs: number;
  agingDays: number;
}

function readClaim(raw: Uint8Array): Outcome<ClaimBody, "invalid_claim"> {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(raw) || "{}");
  } catch {
    return refused({ reason: "invalid_claim", problem: "json" });
  }
  const parsed = claimBody.safeParse(json);
  return parsed.success ? done(parsed.data) : refused({ reason: "invalid_claim", problem: "shape" });
}

/** Claims the next job for the delivery's evaluator: the job (200), nothing waiting (204), or why not. */
export async function claimJob(deps: ClaimDeps, delivery: VerifiedDelivery, now: number): Promise<Outcome<Answer>> {
  const earlier = await earlierAnswer(deps.db, delivery, true);
  if (earlier) return earlier;
  const claim = readClaim(delivery.rawBody);
  if (!claim.ok) return claim;
  const { gpu } = claim.value;
  const record = (job: SubmissionRow | null): NewDelivery => ({
    evaluatorId: delivery.evaluatorId,
    webhookId: delivery.webhookId,
    type: "jobs.claim",
    receivedAt: now,
    bodySha256: delivery.bodySha256,
    jobId: job?.jobId ?? null,
    evaluationId: null,
    responseStatus: job ? 200 : 204,
    response: job ? claimedJobJson(job, gpu) : {},
  });
  let claimed: Awaited<ReturnType<typeof claimNext>>;
  try {
    claimed = await claimNext(
      deps.db,
      { evaluatorId: delivery.evaluatorId, now, leaseMs: deps.leaseMs, agingDays: deps.agingDays },
      (job) => [deliveryIfClaimed(deps.db, record(job), job)],
    );
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    // A concurrent retry of the same webhook-id won: answer what it answered.
    const winner = await earlierAnswer(deps.db, delivery, true);
    if (winner) return winner;
    throw err;
  }
  if (!claimed.ok) return claimed;
  const job = claimed.value;
  if (!job) {
    await recordDelivery(deps.db, record(null));
    return done({ status: 204, body: null });
  }
  return done({ status: 200, body: claimedJobJson(job, gpu) });
}
