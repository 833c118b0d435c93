/**
 * The about page's worked example, computed from the board it is served with: one real ranked row (the one at
 * rank position 100, or the last of a smaller board), its rank range, the lowest-average row clearly ahead of it
 * and the highest-average row still tied with it.
 */
import { applyBoard, type RankedRow, verifiedRows } from "../domain/board/engine";
import { defaultBoardQuery } from "../domain/board/query";
import { averageSesFor, averagesFor, prepare } from "../domain/board/prepared";
import { type Comparison, compare } from "../domain/statistics-compare";
import type { CompactRow } from "../domain/board/query";
import { rowAt } from "../domain/board/snapshot";
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
  if (board.length === 0) return null;
  const position = Math.min(EXAMPLE_POSITION, board.length - 1);
  const row = rowAt(board, position);
  const entry = applyBoard(board, { ...defaultBoardQuery(), pinned: [row.id], limit: 1 }).rows[0];
  if (!entry || entry.average === null || entry.averageSe === null) return null;
  const self = { value: entry.average, se: entry.averageSe };
  // The engine's per-board averages and SEs: no row is materialized but the two found.
  const p = prepare(board);
  const averages = averagesFor(p, "all");
  const ses = averageSesFor(p, "all");
  let ahead: { i: number; se: number; comparison: Comparison } | null = null;
  let tied: { i: number; se: number; comparison: Comparison } | null = null;
  for (let i = 0; i < board.length; i++) {
    const average = averages[i] as number;
    const se = ses[i] as number;
    if (i === position || Number.isNaN(average) || Number.isNaN(se) || average <= entry.average) continue;
    const comparison = compare({ value: average, se }, self);
    if (comparison.verdict === "a_ahead" && (!ahead || average < (averages[ahead.i] as number))) {
      ahead = { i, se, comparison };
    }
    if (comparison.verdict === "tied" && (!tied || average > (averages[tied.i] as number)))
      tied = { i, se, comparison };
  }
  const neighbour = (found: { i: number; se: number; comparison: Comparison } | null): Neighbour | null =>
    found && { row: rowAt(board, found.i), averageSe: found.se, comparison: found.comparison };
  return { entry, ahead: neighbour(ahead), tied: neighbour(tied), boardSize: board.length };
}
