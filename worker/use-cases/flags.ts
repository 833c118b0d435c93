/** Flagging a model and lifting a flag, for the admin API; each with its moderation log entry. */
import type { FlagKind } from "../domain/moderation";
import { done, type Outcome, refused } from "../domain/refusals";
import type { Db } from "../store/db";
import { addFlag, type FlagRow, liftFlag } from "../store/flags";
import { findModel } from "../store/models";

/** Flags model `modelId` (any case) with a kind and a reason; refused for an unknown model. */
export async function flagModel(
  db: Db,
  modelId: string,
  body: { kind: FlagKind; reason: string; link?: string | undefined },
  actor: string,
  now = Date.now(),
): Promise<Outcome<FlagRow, "no_model">> {
  const model = await findModel(db, modelId);
  if (!model) return refused({ reason: "no_model", modelId });
  const id = `flag_${crypto.randomUUID()}`;
  const flag = await addFlag(
    db,
    { id, modelId: model.id, kind: body.kind, reason: body.reason, link: body.link ?? null, at: now, by: actor },
    {
      at: now,
      action: "model.flagged",
      subjectType: "model",
      subjectId: model.id,
      reason: body.reason,
      actor,
      details: { flag_id: id, kind: body.kind, link: body.link ?? null },
    },
  );
  return done(flag);
}

/** Lifts a model's flag with a reason (once); refused for an unknown model or flag. */
export async function liftModelFlag(
  db: Db,
  modelId: string,
  flagId: string,
  reason: string,
  actor: string,
  now = Date.now(),
): Promise<Outcome<FlagRow, "no_model" | "no_flag">> {
  const model = await findModel(db, modelId);
  if (!model) return refused({ reason: "no_model", modelId });
  const flag = await liftFlag(
    db,
    model.id,
    flagId,
    { reason, at: now, by: actor },
    {
      at: now,
      action: "model.flag_lifted",
      subjectType: "model",
      subjectId: model.id,
      reason,
      actor,
      details: { flag_id: flagId },
    },
  );
  return flag ? done(flag) : refused({ reason: "no_flag", modelId: model.id, flagId });
}
