/**
 * POST /api/v1/evaluators/{id}/events: signed messages from evaluators. A completed run is normalized and
 * stored with its provenance in one batch; started/failed are recorded for the queue. Every accepted message is
 * remembered by its webhook-id, and a retry gets the first answer again.
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../context";
import { createRouter } from "../context";
import type { CompletedEvent, EvaluatorEvent } from "../domain/harness";
import { interpretCompleted, parseEvaluatorEvent, parseHarnessJson } from "../domain/harness";
import { PodiumError } from "../errors";
import { verifiedDelivery, type VerifiedDelivery } from "../middleware/evaluator-signature";
import { errorEnvelope, jsonContent } from "./openapi-shapes";
import { findDelivery, recordDelivery, type Delivery } from "../store/evaluators";
import { ingestPushedEvaluation } from "../store/evaluations";
import { findModel } from "../store/models";
import type { Provenance } from "../store/schema";
import { completionOfJob, progressOfJob } from "../store/submissions";
import { leaseMs } from "../domain/queue";

type Ctx = Context<AppEnv>;

/** The stored answer to a message already accepted: the same body, status 200; a different body is a conflict. */
function replay(c: Ctx, previous: Delivery, delivery: VerifiedDelivery): Response {
  if (previous.bodySha256 !== delivery.bodySha256) {
    throw new PodiumError(
      "conflict",
      `webhook-id ${delivery.webhookId} was already used for a different body; use a new webhook-id for a new message`,
    );
  }
  return c.json(previous.response as Record<string, unknown>, 200);
}

/** The body as JSON, or a 400; nothing here runs before the signature verified. */
function parseBody(raw: Uint8Array): unknown {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(raw);
  } catch {
    throw new PodiumError("bad_request", "The body is not UTF-8 text");
  }
  try {
    return parseHarnessJson(text);
  } catch (err) {
    throw new PodiumError("bad_request", `The body is not valid JSON: ${(err as Error).message}`);
  }
}

function parseEvent(raw: Uint8Array): EvaluatorEvent {
  const parsed = parseEvaluatorEvent(parseBody(raw));
  if (!parsed.ok) throw invalid(parsed.problems);
  return parsed.event;
}

function invalid(problems: Array<{ path: string; message: string }>): PodiumError {
  const first = problems[0];
  const where = first?.path ? ` at ${first.path}` : "";
  return new PodiumError("bad_request", `Invalid event body${where}: ${first?.message ?? "malformed"}`, problems);
}

/** Stores a completed run; a concurrent retry of the same webhook-id that won the race gets its answer. */
async function storeCompleted(c: Ctx, delivery: VerifiedDelivery, data: CompletedEvent["data"]): Promise<Response> {
  const interpreted = interpretCompleted(data);
  if (!interpreted.ok) throw invalid(interpreted.problems);
  const pushed = interpreted.evaluation;
  const now = Date.now();
  const id = `ev_${now.toString(36)}_${crypto.randomUUID()}`;
  const job = await completionOfJob(
    c.var.db,
    {
      jobId: data.job_id,
      evaluatorId: delivery.evaluator.id,
      evaluationId: id,
      run: { ...pushed.model, modelId: pushed.model.id },
    },
    now,
    leaseMs(c.env.LEASE_HOURS),
  );
  // Hub ids are case-insensitive: the run is stored under the job's id, or the known model's, as spelt there.
  const modelId = job.modelId ?? (await findModel(c.var.db, pushed.model.id))?.id ?? pushed.model.id;
  const e = { ...pushed, model: { ...pushed.model, id: modelId } };
  const provenance: Provenance = {
    webhookId: delivery.webhookId,
    receivedAt: now,
    bodySha256: delivery.bodySha256,
    signatureScheme: delivery.scheme,
    ...e.provenance,
    hardware: data.hardware ?? null,
    jobId: data.job_id ?? null,
    detailsUrl: data.details_url ?? null,
  };
  const answer = {
    evaluation_id: id,
    model_id: e.model.id,
    revision: e.model.revision,
    precision: e.model.precision,
    status: e.status,
    average: e.average,
    scores: e.scores,
    co2_kg: e.co2Kg,
    evaluator_id: delivery.evaluator.id,
    provenance,
  };
  try {
    await ingestPushedEvaluation(c.var.db, {
      alongside: job.statements,
      id,
      evaluatorId: delivery.evaluator.id,
      evaluation: e,
      provenance,
      now,
      delivery: {
        evaluatorId: delivery.evaluator.id,
        webhookId: delivery.webhookId,
        type: "evaluation.completed",
        receivedAt: now,
        bodySha256: delivery.bodySha256,
        jobId: data.job_id ?? null,
        evaluationId: id,
        responseStatus: 201,
        response: answer,
      },
    });
  } catch (err) {
    const winner = await findDelivery(c.var.db, delivery.evaluator.id, delivery.webhookId);
    if (winner) return replay(c, winner, delivery);
    throw err;
  }
  return c.json(answer, 201);
}

/** Records a queue event (started/failed) so it is acknowledged once; the queue hooks act on it by job_id. */
async function recordQueueEvent(
  c: Ctx,
  delivery: VerifiedDelivery,
  event: Exclude<EvaluatorEvent, { type: "evaluation.completed" }>,
) {
  const answer = { received: true, type: event.type, job_id: event.data.job_id };
  const now = Date.now();
  // Before the delivery is recorded: if this fails, the evaluator's retry applies it (it is safe to repeat).
  await progressOfJob(
    c.var.db,
    {
      jobId: event.data.job_id,
      evaluatorId: delivery.evaluator.id,
      event:
        event.type === "evaluation.failed" ? { type: event.type, reason: event.data.reason } : { type: event.type },
    },
    now,
    leaseMs(c.env.LEASE_HOURS),
  );
  const fresh = await recordDelivery(c.var.db, {
    evaluatorId: delivery.evaluator.id,
    webhookId: delivery.webhookId,
    type: event.type,
    receivedAt: now,
    bodySha256: delivery.bodySha256,
    jobId: event.data.job_id,
    evaluationId: null,
    responseStatus: 202,
    response: answer,
  });
  if (!fresh) {
    const previous = await findDelivery(c.var.db, delivery.evaluator.id, delivery.webhookId);
    if (previous) return replay(c, previous, delivery);
  }
  return c.json(answer, 202);
}

const route = createRoute({
  method: "post",
  path: "/api/v1/evaluators/{id}/events",
  request: { params: z.object({ id: z.string().min(1).max(100) }) },
  responses: {
    201: { description: "evaluation.completed stored: its id, model, status (ranked or partial) and scores" },
    202: { description: "evaluation.started / evaluation.failed recorded" },
    200: { description: "A retry of an accepted message: the first answer again" },
    400: jsonContent(errorEnvelope, "Not JSON, or an invalid body: `error.details` lists each problem's path"),
    401: jsonContent(errorEnvelope, "Bad or missing signature, stale timestamp, unknown or revoked evaluator"),
    409: jsonContent(errorEnvelope, "The webhook-id was already used for a different body"),
    413: jsonContent(errorEnvelope, "The body is over 16 MiB"),
    415: jsonContent(errorEnvelope, "The body is not JSON"),
  },
});

export const evaluatorEvents = createRouter().openapi(route, async (c) => {
  const { id } = c.req.valid("param");
  const delivery = await verifiedDelivery(c, id);
  const previous = await findDelivery(c.var.db, delivery.evaluator.id, delivery.webhookId);
  if (previous) return replay(c, previous, delivery);
  const event = parseEvent(delivery.rawBody);
  switch (event.type) {
    case "evaluation.completed":
      return storeCompleted(c, delivery, event.data);
    case "evaluation.started":
    case "evaluation.failed":
      return recordQueueEvent(c, delivery, event);
  }
});
