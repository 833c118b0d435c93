/**
 * POST /api/v1/evaluators/{id}/jobs/claim: an evaluator takes the highest-priority PENDING submission, signed
 * exactly like its events (the same verifier). The answer is remembered by webhook-id in the same batch as the
 * claim, so a retried claim gets the same job instead of a second one.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../context";
import { agingDays, leaseMs } from "../domain/queue";
import { PodiumError } from "../errors";
import { verifiedDelivery } from "../middleware/evaluator-signature";
import { insertWhere, isUniqueViolation } from "../store/conditional";
import { findDelivery, recordDelivery } from "../store/evaluators";
import { deliveries } from "../store/schema";
import { claimedAs, claimNext, type SubmissionRow } from "../store/submissions";

const claimBody = z.object({ gpu: z.string().max(200).optional() });

const route = createRoute({
  method: "post",
  path: "/api/v1/evaluators/{id}/jobs/claim",
  request: { params: z.object({ id: z.string().min(1).max(100) }) },
  responses: {
    200: { description: "The job: RUNNING under a lease; report it with evaluation.* events carrying job_id" },
    204: { description: "Nothing is waiting" },
    401: { description: "Unknown or revoked evaluator, or a signature that does not verify" },
  },
});

function jobJson(job: SubmissionRow, gpu: string | undefined) {
  return {
    job_id: job.jobId,
    submission_id: job.id,
    model: job.modelId,
    revision: job.revision,
    sha: job.sha,
    precision: job.precision,
    weight_type: job.weightType,
    base_model: job.baseModel,
    model_type: job.modelType,
    chat_template: job.chatTemplate,
    lease_expires_at: new Date(job.leaseExpiresAt ?? 0).toISOString(),
    ...(gpu === undefined ? {} : { gpu }),
  };
}

function parseClaim(raw: Uint8Array): z.infer<typeof claimBody> {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(raw) || "{}");
  } catch {
    throw new PodiumError("bad_request", 'The body is not valid JSON; send {} or {"gpu": "…"}');
  }
  const parsed = claimBody.safeParse(json);
  if (!parsed.success) throw new PodiumError("bad_request", 'Invalid claim body: send {} or {"gpu": "…"}');
  return parsed.data;
}

export const evaluatorJobs = createRouter().openapi(route, async (c) => {
  const { id } = c.req.valid("param");
  const delivery = await verifiedDelivery(c, id);
  const previous = await findDelivery(c.var.db, delivery.evaluator.id, delivery.webhookId);
  if (previous) {
    if (previous.bodySha256 !== delivery.bodySha256 || previous.type !== "jobs.claim") {
      throw new PodiumError("conflict", `webhook-id ${delivery.webhookId} was already used for a different message`);
    }
    return previous.responseStatus === 204 ? c.body(null, 204) : c.json(previous.response as object, 200);
  }
  const { gpu } = parseClaim(delivery.rawBody);
  const now = Date.now();
  const record = (job: SubmissionRow | undefined) => ({
    evaluatorId: delivery.evaluator.id,
    webhookId: delivery.webhookId,
    type: "jobs.claim",
    receivedAt: now,
    bodySha256: delivery.bodySha256,
    jobId: job?.jobId ?? null,
    evaluationId: null,
    responseStatus: job ? 200 : 204,
    response: job ? jobJson(job, gpu) : {},
  });
  let job: SubmissionRow | undefined;
  try {
    job = await claimNext(
      c.var.db,
      {
        evaluatorId: delivery.evaluator.id,
        now,
        leaseMs: leaseMs(c.env.LEASE_HOURS),
        agingDays: agingDays(c.env.QUEUE_AGING_DAYS),
      },
      (claimed) => [insertWhere(c.var.db, deliveries, record(claimed), claimedAs(claimed))],
    );
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    // A concurrent retry of the same webhook-id won: answer what it answered.
    const winner = await findDelivery(c.var.db, delivery.evaluator.id, delivery.webhookId);
    if (!winner) throw err;
    return winner.responseStatus === 204 ? c.body(null, 204) : c.json(winner.response as object, 200);
  }
  if (!job) {
    await recordDelivery(c.var.db, record(undefined));
    return c.body(null, 204);
  }
  return c.json(jobJson(job, gpu), 200);
});
