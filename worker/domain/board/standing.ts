/**
 * A model's standing on one column of the board, for its badge: its best ranked row and that row's competition
 * rank among the verified rows with a value there (1 + the number strictly better, so ties share a rank, the rule
 * store/read/rank.ts writes in SQL). Read from the board the isolate already holds, so a badge costs no D1 rows.
 */
import { BENCHMARK_KEYS, type BenchmarkKey } from "../benchmarks";
import { findRanked, type ModelRef } from "./compare";
import { verifiedRows } from "./engine";
import { averagesFor, type Prepared, prepare, rowOfId } from "./prepared";
import type { CompactRow } from "./query";
import { type Board, type NumberColumn, numberAt } from "./snapshot";

export interface ColumnStanding {
  row: CompactRow;
  rank: number;
  /** Verified rows with a value on the column: the "of N" of the rank. */
  total: number;
  /** The row's value on the column; null when it has none (it then ranks first of nobody, as SQL's count does). */
  value: number | null;
}

/**
 * The standing of `ref`'s best ranked row, its id in any case, on `column` (the six-benchmark average or one
 * benchmark), or null.
 */
export function columnStanding(board: Board, ref: ModelRef, column: "average" | BenchmarkKey): ColumnStanding | null {
  const row = findRanked(board, ref, true);
  if (!row) return null;
  const p = prepare(verifiedRows(board));
  const at = rowOfId(p, row.id) as number;
  const values = valuesOf(p, column);
  const value = values(at);
  let better = 0;
  let total = 0;
  for (let i = 0; i < p.n; i++) {
    const v = values(i);
    if (Number.isNaN(v)) continue;
    total += 1;
    if (v > value) better += 1;
  }
  return { row, rank: better + 1, total, value: Number.isNaN(value) ? null : value };
}

/** A column's value per row of the prepared board, NaN where it has none. */
function valuesOf(p: Prepared, column: "average" | BenchmarkKey): (i: number) => number {
  if (column === "average") {
    const averages = averagesFor(p, "all");
    return (i) => averages[i] as number;
  }
  const scores = p.board.columns.score.normalized[BENCHMARK_KEYS.indexOf(column)] as NumberColumn;
  return (i) => numberAt(scores, p.base(i));
}
