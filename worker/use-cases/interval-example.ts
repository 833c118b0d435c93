/**
 * The about page's worked example, computed from the board it is served with: one real ranked row (the one at
 * rank position 100, or the last of a smaller board), its rank range, the lowest-average row clearly ahead of it
 * and the highest-average row still tied with it.
 */
import { applyBoard, type RankedRow, verifiedRows } from "../domain/board/engine";
import { defaultBoardQuery } from "../domain/board/query";
import { averageSe } from "../domain/statistics";
import { type Comparison, compare } from "../domain/statistics-compare";
import type { CompactRow } from "../domain/board/query";
import { compactBoard } from "./board";

/** A row above the example, its average's SE, and it compared with the example (it − example). */
export interface Neighbour {
  row: CompactRow;
  averageSe: number;
  comparison: Comparison;
}

export interface IntervalExample {
  entry: RankedRow;
  /** The row ahead with the lowest average: the gap that is just enough. */
  ahead: Neighbour | null;
  /** The row tied with the highest average: how far up the tie reaches. */
  tied: Neighbour | null;
  boardSize: number;
}

const EXAMPLE_POSITION = 99;

/** The worked example of the board of `version`; null when no ranked row has an interval. */
export async function intervalExample(version: string): Promise<IntervalExample | null> {
  const board = verifiedRows(await compactBoard(version));
  const row = board[Math.min(EXAMPLE_POSITION, board.length - 1)];
  if (!row) return null;
  const entry = applyBoard(board, { ...defaultBoardQuery(), pinned: [row.id], limit: 1 }).rows[0];
  if (!entry || entry.average === null || entry.averageSe === null) return null;
  const self = { value: entry.average, se: entry.averageSe };
  let ahead: Neighbour | null = null;
  let tied: Neighbour | null = null;
  for (const other of board) {
    const se = averageSe(other.se);
    if (other.id === row.id || other.average === null || se === null || other.average <= entry.average) continue;
    const comparison = compare({ value: other.average, se }, self);
    const neighbour = { row: other, averageSe: se, comparison };
    if (comparison.verdict === "a_ahead" && (!ahead || other.average < (ahead.row.average ?? 0))) ahead = neighbour;
    if (comparison.verdict === "tied" && (!tied || other.average > (tied.row.average ?? 0))) tied = neighbour;
  }
  return { entry, ahead, tied, boardSize: board.length };
}
