/**
 * What a badge asks D1 beside the board it reads its standing from (domain/board/standing.ts): whether a model
 * without a standing has a provisional run, and whether it is flagged; each one indexed row.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Precision } from "../../domain/vocabulary";
import type { Db } from "../db";
import { modelRowsOf } from "../models";
import { evaluations, models } from "../schema";

/**
 * Whether `modelId` (in any case; of `precision` when given) has a provisional run a row would list with
 * `verification=all`: what its badge says while it has no verified run.
 */
export async function hasProvisionalRun(db: Db, modelId: string, precision?: Precision): Promise<boolean> {
  const row = await db
    .select({ id: evaluations.id })
    .from(evaluations)
    .where(
      and(
        inArray(evaluations.modelId, modelRowsOf(db, modelId)),
        eq(evaluations.status, "candidate"),
        precision ? eq(evaluations.precision, precision) : undefined,
      ),
    )
    .limit(1)
    .get();
  return row !== undefined;
}

/** Whether `modelId` (in any case) has a flag not lifted. */
export async function isFlagged(db: Db, modelId: string): Promise<boolean> {
  const row = await db
    .select({ id: models.id })
    .from(models)
    .where(and(inArray(models.id, modelRowsOf(db, modelId)), eq(models.flagged, true)))
    .limit(1)
    .get();
  return row !== undefined;
}
