/** The admin API's bodies and answers for decisions on runs and flags on models. */
import { z } from "@hono/zod-openapi";
import { FLAG_KINDS } from "../domain/moderation";
import { iso } from "../domain/time";
import type { FlagRow } from "../store/flags";
import { reason } from "./evaluators";

export const decisionParams = z.object({ id: z.string().min(1).max(200) });
export const decisionBody = z
  .object({
    decision: z.enum(["accept", "reject"]).openapi({
      description: "`accept`: the run counts as verified (`accepted`); `reject`: it is never shown (`rejected`)",
    }),
    reason,
  })
  .strict()
  .openapi("Decision");
export const decisionAnswer = z
  .object({
    evaluation_id: z.string(),
    verification: z.enum(["accepted", "rejected"]),
    status: z.string().openapi({ description: "Its board place after the decision" }),
  })
  .openapi("DecisionAnswer");

const segment = z.string().min(1).max(200);
export const modelFlagParams = z.object({ org: segment, name: segment });
export const flagParams = modelFlagParams.extend({ flag: segment });
export const flagBody = z
  .object({
    kind: z.enum(FLAG_KINDS),
    reason,
    link: z.string().url().max(500).startsWith("https://").optional(),
  })
  .strict()
  .openapi("NewFlag");
export const liftBody = z.object({ reason }).strict().openapi("FlagLift");

export const flagJson = z
  .object({
    id: z.string(),
    model_id: z.string(),
    kind: z.enum(FLAG_KINDS),
    reason: z.string(),
    link: z.string().nullable(),
    created_at: z.string(),
    created_by: z.string(),
    lifted_at: z.string().nullable(),
    lift_reason: z.string().nullable(),
    lifted_by: z.string().nullable(),
  })
  .openapi("ModelFlag");

export function modelFlagJson(f: FlagRow): z.infer<typeof flagJson> {
  return {
    id: f.id,
    model_id: f.modelId,
    kind: f.kind,
    reason: f.reason,
    link: f.link,
    created_at: iso(f.createdAt),
    created_by: f.createdBy,
    lifted_at: iso(f.liftedAt),
    lift_reason: f.liftReason,
    lifted_by: f.liftedBy,
  };
}
