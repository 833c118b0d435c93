/** The moderation log's JSON: one entry (time, action, subject, reason, actor) and a page of them. */
import { z } from "@hono/zod-openapi";
import { MODERATION_ACTIONS, MODERATION_SUBJECTS } from "../domain/moderation";
import { iso } from "../domain/time";
import type { LogEntry } from "../store/moderation";

export const moderationQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const moderationEntry = z
  .object({
    id: z.number().int().openapi({ description: "Increasing: the order entries were appended in" }),
    at: z.string(),
    action: z.enum(MODERATION_ACTIONS),
    subject: z.object({ type: z.enum(MODERATION_SUBJECTS), id: z.string() }),
    reason: z.string().nullable(),
    actor: z.string().openapi({
      description:
        "`admin` (the one admin bearer token), `admin:<name>` (the name its holder gave in `Podium-Actor`, a claim " +
        "of the token's holder), `podium` (the rules themselves, e.g. a trusted evaluator flagged after a disagreement)",
    }),
    details: z.record(z.string(), z.unknown()).nullable(),
  })
  .openapi("ModerationEntry");
export type ModerationEntryJson = z.infer<typeof moderationEntry>;

export const moderationPage = z
  .object({ data: z.array(moderationEntry), total: z.number().int() })
  .openapi("ModerationLog");

export function moderationEntryJson(e: LogEntry): ModerationEntryJson {
  return {
    id: e.id,
    at: iso(e.at),
    action: e.action,
    subject: { type: e.subjectType, id: e.subjectId },
    reason: e.reason,
    actor: e.actor,
    details: e.details ?? null,
  };
}
