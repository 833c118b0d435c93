/** An evaluator's public record as JSON, for `GET /api/v1/evaluators/{id}` and `/evaluators/{id}`. */
import { z } from "@hono/zod-openapi";
import { iso } from "../domain/time";
import { TRUST_LEVELS, VERIFICATIONS } from "../domain/verification";
import type { EvaluatorRecord } from "../store/read/evaluator-record";
import { moderationEntry, moderationEntryJson } from "./moderation";

export const evaluatorRecordQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const evaluatorRecordJson = z
  .object({
    id: z.string(),
    name: z.string(),
    trust: z.enum(TRUST_LEVELS),
    since: z.string(),
    revoked_at: z.string().nullable(),
    hardware: z.array(z.string()).openapi({ description: "`count × gpu` its runs reported, most used first" }),
    runs_pushed: z.number().int(),
    runs_reproduced: z.number().int(),
    runs_disputed: z.number().int(),
    runs_rejected: z.number().int(),
    last_run_at: z.string().nullable(),
    record: z.array(moderationEntry).openapi({
      description: "Moderation log entries about it, newest first: trust changes, flags raised after a disagreement",
    }),
    runs: z.array(
      z.object({
        evaluation_id: z.string(),
        model: z.string(),
        revision: z.string(),
        precision: z.string(),
        chat_template: z.boolean(),
        status: z.string(),
        verification: z.enum(VERIFICATIONS),
        average: z.number().nullable(),
        created_at: z.string(),
      }),
    ),
  })
  .openapi("EvaluatorRecord");
export type EvaluatorRecordJson = z.infer<typeof evaluatorRecordJson>;

export function evaluatorRecordToJson(r: EvaluatorRecord): EvaluatorRecordJson {
  return {
    id: r.evaluator.id,
    name: r.evaluator.name,
    trust: r.evaluator.trust,
    since: iso(r.evaluator.createdAt),
    revoked_at: iso(r.evaluator.revokedAt),
    hardware: r.hardware,
    runs_pushed: r.runs.pushed,
    runs_reproduced: r.runs.reproduced,
    runs_disputed: r.runs.disputed,
    runs_rejected: r.runs.rejected,
    last_run_at: iso(r.runs.lastAt),
    record: r.record.map(moderationEntryJson),
    runs: r.page.map((e) => ({
      evaluation_id: e.id,
      model: e.modelId,
      revision: e.revision,
      precision: e.precision,
      chat_template: e.chatTemplate,
      status: e.status,
      verification: e.verification,
      average: e.average,
      created_at: iso(e.createdAt),
    })),
  };
}
