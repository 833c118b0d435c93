/**
 * Taking a signed evaluator message (POST /api/v1/evaluators/{id}/events): a completed run is normalized and
 * stored with its provenance in one batch, with the queue's job completion when it names one; started and failed
 * move the job on. Every accepted message is remembered by its webhook-id, and a retry gets the first answer.
 */
import {
  type CompletedEvent,
  type EvaluatorEvent,
  parseEvaluatorEvent,
  parseHarnessJson,
} from "../domain/harness/events";
import { interpretCompleted } from "../domain/harness/interpret";
import type { Provenance } from "../domain/provenance";
import { done, type Outcome, refused } from "../domain/refusals";
import type { Db } from "../store/db";
import { recordDelivery } from "../store/deliveries";
import { ingestPushedEvaluation } from "../store/evaluations";
import { completionOfJob, progressOfJob } from "../store/jobs";
import { findModel } from "../store/models";
import { type Answer, earlierAnswer, type VerifiedDelivery } from "./deliveries";

export interface IngestDeps {
  db: Db;
  /** The lease a started job gets (LEASE_HOURS). */
  leaseMs: number;
}

/** The body as an evaluator event; nothing here runs before the signature verified. */
function readEvent(raw: Uint8Array): Outcome<EvaluatorEvent, "body_not_utf8" | "body_not_json" | "invalid_event"> {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(raw);
  } catch {
    return refused({ reason: "body_not_utf8" });
  }
  let json: unknown;
  try {
    json = parseHarnessJson(text);
  } catch (err) {
    return refused({ reason: "body_not_json", message: (err as Error).message });
  }
  const parsed = parseEvaluatorEvent(json);
  return parsed.ok ? done(parsed.event) : refused({ reason: "invalid_event", problems: parsed.problems });
}

/** Takes one verified message: its answer, the first answer again for a retry, or why it is refused. */
export async function receiveEvent(
  deps: IngestDeps,
  delivery: VerifiedDelivery,
  now: number,
): Promise<Outcome<Answer>> {
  const earlier = await earlierAnswer(deps.db, delivery, false);
  if (earlier) return earlier;
  const event = readEvent(delivery.rawBody);
  if (!event.ok) return event;
  switch (event.value.type) {
    case "evaluation.completed":
      return storeCompleted(deps, delivery, event.value.data, now);
    case "evaluation.started":
    case "evaluation.failed":
      return recordProgress(deps, delivery, event.value, now);
  }
}

/** Stores a completed run; a concurrent retry of the same webhook-id that won the race gets its answer. */
async function storeCompleted(
  deps: IngestDeps,
  delivery: VerifiedDelivery,
  data: CompletedEvent["data"],
  now: number,
): Promise<Outcome<Answer>> {
  const interpreted = interpretCompleted(data);
  if (!interpreted.ok) return refused({ reason: "invalid_event", problems: interpreted.problems });
  const pushed = interpreted.evaluation;
  const id = `ev_${now.toString(36)}_${crypto.randomUUID()}`;
  const run = { ...pushed.model, modelId: pushed.model.id };
  const job = await completionOfJob(
    deps.db,
    { jobId: data.job_id, evaluatorId: delivery.evaluatorId, evaluationId: id, run },
    now,
    deps.leaseMs,
  );
  if (!job.ok) return job;
  // Hub ids are case-insensitive: the run is stored under the job's id, or the known model's, as spelt there.
  const modelId = job.value.modelId ?? (await findModel(deps.db, pushed.model.id))?.id ?? pushed.model.id;
  // The run's type and size: as the evaluator says, else as the submission said (the Hub's count first).
  const e = {
    ...pushed,
    model: {
      ...pushed.model,
      id: modelId,
      modelType: pushed.model.modelType ?? job.value.modelType,
      paramsBillions: job.value.paramsBillions ?? pushed.model.paramsBillions,
    },
  };
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
    evaluator_id: delivery.evaluatorId,
    provenance,
  };
  try {
    await ingestPushedEvaluation(deps.db, {
      alongside: job.value.statements,
      id,
      evaluatorId: delivery.evaluatorId,
      evaluation: e,
      provenance,
      now,
      delivery: {
        evaluatorId: delivery.evaluatorId,
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
    const winner = await earlierAnswer(deps.db, delivery, false);
    if (winner) return winner;
    throw err;
  }
  return done({ status: 201, body: answer });
}

/** Records a queue event (started/failed) so it is acknowledged once; the job moves on by its job_id. */
async function recordProgress(
  deps: IngestDeps,
  delivery: VerifiedDelivery,
  event: Exclude<EvaluatorEvent, { type: "evaluation.completed" }>,
  now: number,
): Promise<Outcome<Answer>> {
  const answer = { received: true, type: event.type, job_id: event.data.job_id };
  // Before the delivery is recorded: if this fails, the evaluator's retry applies it (it is safe to repeat).
  const moved = await progressOfJob(
    deps.db,
    {
      jobId: event.data.job_id,
      evaluatorId: delivery.evaluatorId,
      event:
        event.type === "evaluation.failed" ? { type: event.type, reason: event.data.reason } : { type: event.type },
    },
    now,
    deps.leaseMs,
  );
  if (!moved.ok) return moved;
  const fresh = await recordDelivery(deps.db, {
    evaluatorId: delivery.evaluatorId,
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
    const previous = await earlierAnswer(deps.db, delivery, false);
    if (previous) return previous;
  }
  return done({ status: 202, body: answer });
}
