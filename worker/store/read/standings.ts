/**
 * A model's standing on the ranked board, for badges: its best ranked evaluation and where that evaluation
 * ranks on one column, in one query counted on the (status, column) index.
 */
import { and, desc, eq, inArray } from "drizzle-orm";
import type { RankedBy } from "../../domain/badge-content";
import type { Precision } from "../../domain/vocabulary";
import type { Db } from "../db";
import type { EvaluationRow } from "../evaluations";
import { modelRowsOf } from "../models";
import { evaluations, models } from "../schema";
import { rankedWith, rankOf } from "./rank";

export interface ModelStanding {
  evaluation: EvaluationRow;
  /** 1 + the number of ranked evaluations strictly better on the column (ties share a rank). */
  rank: number;
  /** Ranked evaluations with a value on the column. */
  total: number;
  /** The evaluation's value on the column. */
  value: number | null;
}

/**
 * The standing of `modelId`'s best ranked evaluation (highest average; of `precision` when given) on `column`,
 * the id in any case, or null when the model has no ranked evaluation.
 */
export async function modelStanding(
  db: Db,
  modelId: string,
  column: RankedBy,
  precision?: Precision,
): Promise<ModelStanding | null> {
  const on = evaluations[column];
  const row = await db
    .select({ evaluation: evaluations, rank: rankOf(on), total: rankedWith(on) })
    .from(evaluations)
    .where(
      and(
        inArray(evaluations.modelId, modelRowsOf(db, modelId)),
        eq(evaluations.status, "ranked"),
        precision ? eq(evaluations.precision, precision) : undefined,
      ),
    )
    .orderBy(desc(evaluations.average), evaluations.precision, evaluations.id)
    .limit(1)
    .get();
  if (!row) return null;
  return { evaluation: row.evaluation, rank: row.rank, total: row.total, value: row.evaluation[column] };
}

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
