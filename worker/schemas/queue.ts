/** The queue's JSON: a submission with its votes, priority and timed history; the submit and vote bodies and answers. */
import { z } from "@hono/zod-openapi";
import { iso } from "../domain/time";
import { MODEL_TYPES, PRECISIONS, SUBMISSION_KINDS, SUBMISSION_STATUSES, WEIGHT_TYPES } from "../domain/vocabulary";
import type { QueueEntry, SubmissionRow } from "../store/submissions";

export const queueQuery = z.object({
  status: z.enum(SUBMISSION_STATUSES).optional().openapi({ description: "Only entries in this state" }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

const segment = "[A-Za-z0-9][A-Za-z0-9._-]{0,95}";
const hubModelId = () =>
  z
    .string()
    .trim()
    .regex(new RegExp(`^${segment}/${segment}$`), "must be a Hub model id, org/name");

export const submissionBody = z
  .object({
    model: hubModelId().openapi({ example: "Qwen/Qwen2.5-7B-Instruct" }),
    revision: z.string().trim().min(1).max(255).default("main"),
    precision: z.enum(PRECISIONS),
    weight_type: z.enum(WEIGHT_TYPES).default("Original"),
    base_model: hubModelId().optional(),
    model_type: z.enum(MODEL_TYPES),
    chat_template: z.boolean().default(false),
  })
  .openapi("SubmissionRequest");
export type SubmissionBody = z.infer<typeof submissionBody>;

const at = z.string().nullable();

export const queueEntry = z
  .object({
    id: z.string(),
    kind: z.enum(SUBMISSION_KINDS).openapi({
      description:
        "`submission`: someone asked for it; `reproduction`: Podium asks another evaluator to rerun evaluation " +
        "`reproduces` (not voted on; it waits by the same aging rule)",
    }),
    reproduces: z.string().nullable(),
    model: z.string(),
    revision: z.string(),
    sha: z.string().openapi({ description: "The commit the revision resolved to; the revision when unverified" }),
    precision: z.string(),
    weight_type: z.string(),
    model_type: z.string(),
    base_model: z.string().nullable(),
    chat_template: z.boolean(),
    verified: z.boolean().openapi({ description: "False when the Hub checks were skipped (HUB_OFFLINE)" }),
    status: z.enum(SUBMISSION_STATUSES),
    votes: z.number().int(),
    priority: z.number().int().openapi({ description: "votes + one per QUEUE_AGING_DAYS days waiting" }),
    voted: z.boolean().openapi({ description: "Whether the signed-in user voted for it" }),
    failure_reason: z.string().nullable(),
    evaluation_id: z.string().nullable(),
    submitted_at: at,
    updated_at: at,
    lease_expires_at: at,
    history: z.array(z.object({ status: z.enum(SUBMISSION_STATUSES), at, reason: z.string().nullable() })),
  })
  .openapi("QueueEntry");
export type QueueEntryJson = z.infer<typeof queueEntry>;

export const queuePage = z
  .object({
    data: z.array(queueEntry),
    total: z.number().int(),
    priority_rule: z.object({ aging_days: z.number().int(), formula: z.string() }),
  })
  .openapi("QueuePage");

export const submissionAnswer = z.object({ data: queueEntry }).openapi("Submission");

export const voteAnswer = z
  .object({ data: z.object({ submission_id: z.string(), voted: z.boolean(), votes: z.number().int() }) })
  .openapi("Vote");

/** What a queue entry shows of its submission. */
type Shown = Pick<
  SubmissionRow,
  | "id"
  | "kind"
  | "reproduces"
  | "modelId"
  | "revision"
  | "sha"
  | "precision"
  | "weightType"
  | "modelType"
  | "baseModel"
  | "chatTemplate"
  | "verified"
  | "status"
  | "failureReason"
  | "evaluationId"
  | "leaseExpiresAt"
  | "createdAt"
  | "updatedAt"
>;

/** The API shape of one queue entry: snake_case, ISO times, its whole timed history, FAILED with its reason. */
export function queueEntryJson(e: Omit<QueueEntry, "submission"> & { submission: Shown }): QueueEntryJson {
  const s = e.submission;
  return {
    id: s.id,
    kind: s.kind,
    reproduces: s.reproduces,
    model: s.modelId,
    revision: s.revision,
    sha: s.sha,
    precision: s.precision,
    weight_type: s.weightType,
    model_type: s.modelType,
    base_model: s.baseModel,
    chat_template: s.chatTemplate,
    verified: s.verified,
    status: s.status,
    votes: e.votes,
    priority: e.priority,
    voted: e.voted,
    failure_reason: s.failureReason,
    evaluation_id: s.evaluationId,
    submitted_at: iso(s.createdAt),
    updated_at: iso(s.updatedAt),
    lease_expires_at: iso(s.leaseExpiresAt),
    history: e.history.map((h) => ({ status: h.status, at: iso(h.at), reason: h.reason })),
  };
}

/** The priority rule in words, for the queue's answer. */
export function priorityRule(agingDays: number) {
  return { aging_days: agingDays, formula: `votes + floor(days waiting / ${agingDays})` };
}
