/** One model with its whole history and the current rank of each ranked run: the model API and page read it. */
import { asc, desc, inArray, or } from "drizzle-orm";
import type { Db } from "../db";
import type { EvaluationRow } from "../evaluations";
import { findModel, type ModelRow, modelRowsOf } from "../models";
import { type FlagRow, flagsOf } from "../flags";
import { evaluations, reproductions, verificationEvents } from "../schema";
import { boardSize } from "./board";
import { rankOf } from "./rank";

export interface ModelHistory {
  model: ModelRow;
  /** Every evaluation of the model, any status, newest first. */
  evaluations: EvaluationRow[];
  /** Static board rank of each ranked evaluation, by evaluation id. */
  ranks: Record<string, number>;
  /** Ranked evaluations on the whole board. */
  boardSize: number;
  /** The model's flags, oldest first, lifted ones included. */
  flags: FlagRow[];
  /** Every comparison a run of the model took part in (either side), oldest first. */
  comparisons: Array<typeof reproductions.$inferSelect>;
  /** Every verification event of the model's runs, oldest first: each run's timeline. */
  events: Array<typeof verificationEvents.$inferSelect>;
}

/**
 * A model with its whole history and the current rank of each ranked run; undefined for an unknown id. The id
 * matches in any case, and the history is that of every row of the model in any case.
 */
export async function modelHistory(db: Db, id: string): Promise<ModelHistory | undefined> {
  const [model, history, size] = await Promise.all([
    findModel(db, id),
    db
      .select({ evaluation: evaluations, rank: rankOf(evaluations.average) })
      .from(evaluations)
      .where(inArray(evaluations.modelId, modelRowsOf(db, id)))
      .orderBy(desc(evaluations.createdAt), desc(evaluations.id)),
    boardSize(db),
  ]);
  if (!model) return undefined;
  const ranks: Record<string, number> = {};
  for (const { evaluation: e, rank } of history) {
    if (e.status === "ranked" && e.average !== null) ranks[e.id] = rank;
  }
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
  return { model, evaluations: history.map((h) => h.evaluation), ranks, boardSize: size, flags, comparisons, events };
}
