/** One model with its whole history: the model API, page and card read it. */
import { asc, desc, inArray, or } from "drizzle-orm";
import type { Db } from "../db";
import type { EvaluationRow } from "../evaluations";
import { findModel, type ModelRow, modelRowsOf } from "../models";
import { type FlagRow, flagsOf } from "../flags";
import { evaluations, reproductions, verificationEvents } from "../schema";

export interface ModelHistory {
  model: ModelRow;
  /** Every evaluation of the model, any status, newest first. */
  evaluations: EvaluationRow[];
  /**
   * Static board rank of each ranked evaluation, by evaluation id, and the ranked evaluations on the board: read
   * from the published board by use-cases/board.ts `modelRecord`, not counted in D1.
   */
  ranks: Record<string, number>;
  boardSize: number;
  /** The model's flags, oldest first, lifted ones included. */
  flags: FlagRow[];
  /** Every comparison a run of the model took part in (either side), oldest first. */
  comparisons: Array<typeof reproductions.$inferSelect>;
  /** Every verification event of the model's runs, oldest first: each run's timeline. */
  events: Array<typeof verificationEvents.$inferSelect>;
}

/**
 * A model with its whole history (without its ranks); undefined for an unknown id. The id matches in any case,
 * and the history is that of every row of the model in any case.
 */
export async function modelHistory(db: Db, id: string): Promise<Omit<ModelHistory, "ranks" | "boardSize"> | undefined> {
  const [model, history] = await Promise.all([
    findModel(db, id),
    db
      .select()
      .from(evaluations)
      .where(inArray(evaluations.modelId, modelRowsOf(db, id)))
      .orderBy(desc(evaluations.createdAt), desc(evaluations.id)),
  ]);
  if (!model) return undefined;
  const runs = db
    .select({ id: evaluations.id })
    .from(evaluations)
    .where(inArray(evaluations.modelId, modelRowsOf(db, id)));
  const [flags, comparisons, events] = await Promise.all([
    flagsOf(db, model.id),
    db
      .select()
      .from(reproductions)
      .where(or(inArray(reproductions.evaluationId, runs), inArray(reproductions.comparedId, runs)))
      .orderBy(asc(reproductions.id)),
    db
      .select()
      .from(verificationEvents)
      .where(inArray(verificationEvents.evaluationId, runs))
      .orderBy(asc(verificationEvents.id)),
  ]);
  return { model, evaluations: history, flags, comparisons, events };
}
