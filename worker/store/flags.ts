/**
 * Flags on models: set and lifted with a reason, each in one batch with its moderation log entry. A lift keeps the
 * row and says why; `models.flagged` (what the board's `hide=flagged` reads) is kept equal to "has a flag not
 * lifted" by every statement here.
 */
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { FlagKind } from "../domain/moderation";
import type { Db } from "./db";
import { appendEntry, type NewLogEntry } from "./moderation";
import { modelFlags, models } from "./schema";
import { bumpVersions } from "./version";

export type FlagRow = typeof modelFlags.$inferSelect;

/** `models.flagged` recomputed from the model's flags. */
const stillFlagged = (modelId: string) =>
  sql<boolean>`exists (select 1 from model_flags where model_id = ${modelId} and lifted_at is null)`;

/** Flags model `modelId` (its stored id) and logs it. */
export async function addFlag(
  db: Db,
  flag: { id: string; modelId: string; kind: FlagKind; reason: string; link: string | null; at: number; by: string },
  log: NewLogEntry,
): Promise<FlagRow> {
  const row: FlagRow = {
    id: flag.id,
    modelId: flag.modelId,
    kind: flag.kind,
    reason: flag.reason,
    link: flag.link,
    createdAt: flag.at,
    createdBy: flag.by,
    liftedAt: null,
    liftReason: null,
    liftedBy: null,
  };
  await db.batch([
    bumpVersions(db, ["board", "moderation"]),
    db.insert(modelFlags).values(row),
    db.update(models).set({ flagged: true }).where(eq(models.id, flag.modelId)),
    appendEntry(db, log),
  ]);
  return row;
}

/**
 * Lifts flag `flagId` of model `modelId` with a reason, once: a lifted flag stays as it was lifted, and only the
 * call that lifted it is logged. The flag as it now stands, or undefined when the model has no such flag.
 */
export async function liftFlag(
  db: Db,
  modelId: string,
  flagId: string,
  lift: { reason: string; at: number; by: string },
  log: NewLogEntry,
): Promise<FlagRow | undefined> {
  const liftedNow = sql`exists (select 1 from model_flags where id = ${flagId} and model_id = ${modelId}
    and lifted_at = ${lift.at} and lifted_by = ${lift.by})`;
  const [, , , , flag] = await db.batch([
    bumpVersions(
      db,
      ["board", "moderation"],
      sql`exists (select 1 from model_flags where id = ${flagId}
      and model_id = ${modelId} and lifted_at is null)`,
    ),
    db
      .update(modelFlags)
      .set({ liftedAt: lift.at, liftReason: lift.reason, liftedBy: lift.by })
      .where(and(eq(modelFlags.id, flagId), eq(modelFlags.modelId, modelId), isNull(modelFlags.liftedAt))),
    db
      .update(models)
      .set({ flagged: stillFlagged(modelId) })
      .where(eq(models.id, modelId)),
    appendEntry(db, log, liftedNow),
    db
      .select()
      .from(modelFlags)
      .where(and(eq(modelFlags.id, flagId), eq(modelFlags.modelId, modelId))),
  ]);
  return flag[0];
}

/** A model's flags (its stored id), oldest first, lifted ones included. */
export function flagsOf(db: Db, modelId: string): Promise<FlagRow[]> {
  return db
    .select()
    .from(modelFlags)
    .where(eq(modelFlags.modelId, modelId))
    .orderBy(asc(modelFlags.createdAt), asc(modelFlags.id));
}
