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
import { BENCHMARK_KEYS } from "../domain/benchmarks";
import { isFullCommit } from "../domain/hub";
import { interpretCompleted } from "../domain/harness/interpret";
import type { Provenance } from "../domain/provenance";
import { done, type Outcome, refused } from "../domain/refusals";
import { placeRuns } from "../domain/verification";
import { isUniqueViolation } from "../store/conditional";
import type { Db } from "../store/db";
import { recordDelivery } from "../store/deliveries";
import { ingestPushedEvaluation } from "../store/evaluations";
import { completionOfJob, progressOfJob } from "../store/jobs";
import { findModel } from "../store/models";
import { readGroup } from "../store/verification";
import { type Answer, earlierAnswer, type VerifiedDelivery } from "./deliveries";
import { judgedPush } from "./verification";

export interface IngestDeps {
  db: Db;
  /** The lease a started job gets (LEASE_HOURS). */
  leaseMs: number;
  /** REPRODUCTION_TOLERANCE: normalized points per benchmark within which two runs agree. */
  tolerance: number;
  /** AUDIT_RATE: the share of trusted runs that also get a reproduction job. */
  auditRate: number;
  /** A uniform draw in [0, 1) for the audit; Math.random in the Worker, seeded in tests. */
  random: () => number;
}

/** How often a push is judged again when another write to its group committed first. */
const GROUP_ATTEMPTS = 5;

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

/**
 * Stores a completed run with its verification; a concurrent retry of the same webhook-id that won the race gets
 * its answer, and a push that lost a race for its group (another run or decision committed first) is judged again.
 */
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
  // A commit is one commit in either case: stored in lower case, so reruns of it share a group.
  const key = {
    modelId,
    revision: isFullCommit(e.model.revision) ? e.model.revision.toLowerCase() : e.model.revision,
    precision: e.model.precision,
    chatTemplate: e.model.chatTemplate,
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
  for (let attempt = 0; attempt < GROUP_ATTEMPTS; attempt++) {
    const group = await readGroup(deps.db, key);
    // A new model is created in the same batch: its reproduction jobs carry what the push says of it.
    if (!group.model) group.model = { baseModel: e.model.baseModel };
    const { write, log } = judgedPush(
      group,
      {
        id,
        evaluatorId: delivery.evaluatorId,
        trust: delivery.trust,
        full: e.status !== "partial",
        scores: BENCHMARK_KEYS.map((k) => e.scores[k]?.normalized ?? null),
        weightType: e.model.weightType,
        target: job.value.reproduces ?? undefined,
      },
      { tolerance: deps.tolerance, auditRate: deps.auditRate, random: deps.random, now },
    );
    const verification = write.runs.find((r) => r.id === id)?.verification ?? "provisional";
    const answer = {
      evaluation_id: id,
      model_id: e.model.id,
      revision: e.model.revision,
      precision: e.model.precision,
      status: placeRuns(write.runs).get(id) ?? "partial",
      verification,
      comparisons: write.comparisons.map((c) => ({
        compared_id: c.comparedId,
        agreed: c.agreed,
        differences: c.differences,
      })),
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
        write,
        log,
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
      return done({ status: 201, body: answer });
    } catch (err) {
      const winner = await earlierAnswer(deps.db, delivery, false);
      if (winner) return winner;
      if (!isUniqueViolation(err)) throw err;
    }
  }
  return refused({ reason: "group_busy" });
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
