/**
 * What evaluators call, each request signed with Standard Webhooks (edge/signed-request.ts): the events endpoint
 * (a completed run, or a job started or failed) and the job claim.
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { type AppEnv, createRouter } from "../../edge/context";
import { orRefuse } from "../../edge/refusals";
import { verifiedDelivery } from "../../edge/signed-request";
import { evaluatorEventSchema } from "../../domain/harness/events";
import { errorContent, jsonContent, SECURITY, unvalidatedBody } from "../../schemas/common";
import {
  claimBody,
  claimedJob,
  evaluatorEventAnswer,
  recordedEventAnswer,
  storedRunAnswer,
} from "../../schemas/evaluators";
import type { Answer } from "../../use-cases/deliveries";
import { receiveEvent } from "../../use-cases/ingest";
import { requestPublish } from "../../edge/board-source";
import { claimJob } from "../../use-cases/jobs";

const params = z.object({ id: z.string().min(1).max(100) });

const signedErrors = {
  400: errorContent("Not JSON, or an invalid body: `error.details` lists each problem's path"),
  401: errorContent("Bad or missing signature, stale timestamp, unknown or revoked evaluator"),
  409: errorContent("The webhook-id was already used for a different message, or the job is not this run's"),
  413: errorContent("The body is over 16 MiB"),
  415: errorContent("The body is not JSON"),
};

/**
 * The Standard Webhooks headers, documented as parameters for clients to fill; edge/signed-request.ts checks them
 * on the raw request (a zod header schema would answer 400 where a missing signature is a 401).
 */
const webhookHeaders = [
  {
    name: "webhook-id",
    in: "header" as const,
    required: true,
    description: "The message's id: the same on every retry of one message, a new one for a new message",
    schema: { type: "string" as const, minLength: 1, maxLength: 256 },
  },
  {
    name: "webhook-timestamp",
    in: "header" as const,
    required: true,
    description: "Unix seconds when the message was signed, within 5 minutes of the server's clock",
    schema: { type: "integer" as const, minimum: 0 },
  },
  {
    name: "webhook-signature",
    in: "header" as const,
    required: true,
    description:
      "Up to 16 space-separated signatures over `id.timestamp.body`: `v1,<base64 HMAC-SHA256>` with a `whsec_` " +
      "secret, `v1a,<base64 Ed25519>` with a `whsk_` key (at most 2 of those)",
    schema: { type: "string" as const, minLength: 1 },
  },
];

// What every signed route shares: a POST by an evaluator named in the path, signed like events.
const signed = {
  method: "post" as const,
  tags: ["Evaluators"],
  security: SECURITY.signed,
  parameters: webhookHeaders,
};

const events = createRoute({
  ...signed,
  path: "/api/v1/evaluators/{id}/events",
  operationId: "postEvaluatorEvent",
  summary: "A signed evaluation event: completed (the harness results), started or failed",
  request: { params, body: unvalidatedBody(evaluatorEventSchema, "An evaluation event, signed over its raw bytes") },
  responses: {
    201: jsonContent(storedRunAnswer, "evaluation.completed stored: its id, model, status and scores"),
    202: jsonContent(recordedEventAnswer, "evaluation.started / evaluation.failed recorded"),
    200: jsonContent(evaluatorEventAnswer, "A retry of an accepted message: the first answer again"),
    ...signedErrors,
  },
});

const claim = createRoute({
  ...signed,
  path: "/api/v1/evaluators/{id}/jobs/claim",
  operationId: "claimJob",
  summary: "Take the highest-priority waiting submission as a job",
  request: { params, body: unvalidatedBody(claimBody, "`{}`, or the GPU the evaluator offers; signed like events") },
  responses: {
    200: jsonContent(claimedJob, "The job: RUNNING under a lease; report it with evaluation.* events carrying job_id"),
    204: { description: "Nothing is waiting" },
    ...signedErrors,
    503: errorContent("The queue is busy; Retry-After says when to claim again"),
  },
});

function answer(c: Context<AppEnv>, a: Answer): Response {
  return a.status === 204 ? c.body(null, 204) : c.json(a.body as object, a.status);
}

/** An event's answer (never a 204), in the schema of its status. */
function eventAnswer(c: Context<AppEnv>, a: Answer) {
  if (a.status === 201) return c.json(a.body as z.infer<typeof storedRunAnswer>, 201);
  if (a.status === 202) return c.json(a.body as z.infer<typeof recordedEventAnswer>, 202);
  return c.json(a.body as z.infer<typeof evaluatorEventAnswer>, 200);
}

// The bodies are read by the signature check, byte for byte, never by a validator.
export const evaluatorsApi = createRouter()
  .openapi(events, async (c) => {
    const delivery = await verifiedDelivery(c, c.req.valid("param").id);
    const { leaseMs, reproductionTolerance: tolerance, auditRate } = c.var.config;
    const deps = { db: c.var.db, leaseMs, tolerance, auditRate, random: c.var.random };
    const outcome = orRefuse(await receiveEvent(deps, delivery, Date.now()));
    // A stored run moves the board: the publisher builds the new one after this answer.
    if (outcome.status === 201) await requestPublish(c);
    return eventAnswer(c, outcome);
  })
  .openapi(claim, async (c) => {
    const delivery = await verifiedDelivery(c, c.req.valid("param").id);
    const deps = { db: c.var.db, leaseMs: c.var.config.leaseMs, agingDays: c.var.config.queueAgingDays };
    return answer(c, orRefuse(await claimJob(deps, delivery, Date.now())));
  });
