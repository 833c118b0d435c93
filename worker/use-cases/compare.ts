/**
 * Comparing ranked models: each asked model's best ranked evaluation (of one precision when asked so) with its
 * rank and whole-board rank range, and every pair's differences with their intervals and verdicts.
 */
import { type PairComparison, pairComparisons } from "../domain/board/compare";
import { applyBoard, type RankedRow } from "../domain/board/engine";
import { defaultBoardQuery } from "../domain/board/query";
import { done, type Outcome, refused } from "../domain/refusals";
import type { Db } from "../store/db";
import { compactBoard, compareModels } from "./board";

export interface ComparedRows {
  /** In the order asked; a model asked twice (or by two refs of one evaluation) once. */
  rows: RankedRow[];
  pairs: PairComparison[];
}

/** The compared rows and pairs; refused for the first asked model never evaluated, or without a ranked row. */
export async function compareRanked(
  db: Db,
  version: string,
  ids: readonly string[],
): Promise<Outcome<ComparedRows, "no_model" | "not_ranked">> {
  const board = await compactBoard(version);
  const found = await compareModels(db, board, ids);
  const picked: string[] = [];
  for (const f of found) {
    if (!f.row)
      return f.known
        ? refused({ reason: "not_ranked", modelId: f.id })
        : refused({ reason: "no_model", modelId: f.id });
    if (!picked.includes(f.row.id)) picked.push(f.row.id);
  }
  // Pinned rows come first in pin order, each with its rank and range on the whole board.
  const { rows } = applyBoard(board, { ...defaultBoardQuery(), pinned: picked, limit: picked.length });
  return done({ rows, pairs: pairComparisons(rows.map((r) => r.row)) });
}
