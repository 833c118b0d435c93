/** One model with its whole history and the current rank of each ranked run: the model API and page read it. */
import { desc, inArray } from "drizzle-orm";
import type { Db } from "../db";
import type { EvaluationRow } from "../evaluations";
import { findModel, type ModelRow, modelRowsOf } from "../models";
import { evaluations } from "../schema";
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
  return { model, evaluations: history.map((h) => h.evaluation), ranks, boardSize: size };
}
