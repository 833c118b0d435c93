/**
 * Ranked rows side by side: every pair on every benchmark and the six-benchmark average, each difference with
 * its 95% interval and verdict (../statistics-compare.ts), and the pair in words. Pure; the compare API and the
 * compare page share it.
 */
import { BENCHMARK_KEYS, BENCHMARKS, type BenchmarkKey } from "../benchmarks";
import { averageSe } from "../statistics";
import { type Comparison, compare, describeComparison } from "../statistics-compare";
import { PRECISIONS, type Precision } from "../vocabulary";
import { lowerEntry } from "./prepared";
import type { CompactRow } from "./query";
import { type Board, baseRow, entryText, FLAG, flagAt, rowAt, tableTexts } from "./snapshot";

/** The most models compared at once (the API and the page). */
export const MAX_COMPARED = 6;

export type ComparedOn = BenchmarkKey | "average";
export const COMPARED_ON: readonly ComparedOn[] = [...BENCHMARK_KEYS, "average"];

export interface PairComparison {
  /** Indices of the two rows in the list compared; the difference is `a − b`. */
  a: number;
  b: number;
  on: ComparedOn;
  /** Null where either row lacks the score or its standard error. */
  comparison: Comparison | null;
}

/** A row's normalized score and its SE on a benchmark or the average; null without either. */
function measured(row: CompactRow, on: ComparedOn): { value: number; se: number } | null {
  if (on === "average") {
    const se = averageSe(row.se);
    return row.average === null || se === null ? null : { value: row.average, se };
  }
  const i = BENCHMARK_KEYS.indexOf(on);
  const value = row.normalized[i];
  const se = row.se[i];
  return value == null || se == null ? null : { value, se };
}

/** Every pair (a before b in the list) on every benchmark, then the average. */
export function pairComparisons(rows: readonly CompactRow[]): PairComparison[] {
  const out: PairComparison[] = [];
  for (let a = 0; a < rows.length; a++) {
    for (let b = a + 1; b < rows.length; b++) {
      for (const on of COMPARED_ON) {
        const x = measured(rows[a] as CompactRow, on);
        const y = measured(rows[b] as CompactRow, on);
        out.push({ a, b, on, comparison: x && y ? compare(x, y) : null });
      }
    }
  }
  return out;
}

/** One pair's benchmarks in words, from a's side ("ahead on MMLU-PRO, tied on the rest"). */
export function pairSentence(pairs: readonly PairComparison[]): string {
  return describeComparison(
    pairs.flatMap((p) =>
      p.on === "average" || p.comparison === null
        ? []
        : [{ name: BENCHMARKS.find((b) => b.key === p.on)?.title ?? p.on, comparison: p.comparison }],
    ),
  );
}

/** A model named for comparison: `org/name`, or `org/name@precision` for one precision's evaluation. */
export interface ModelRef {
  model: string;
  precision: Precision | null;
}

/** `org/name` or `org/name@precision`; null when the precision after `@` is not one of the board's. */
export function parseModelRef(text: string): ModelRef | null {
  const at = text.lastIndexOf("@");
  if (at < 0) return { model: text, precision: null };
  const precision = text.slice(at + 1);
  const model = text.slice(0, at);
  return model !== "" && (PRECISIONS as readonly string[]).includes(precision)
    ? { model, precision: precision as Precision }
    : null;
}

/**
 * The best ranked row of a ref (the board is in rank order; a provisional row is listed, never ranked), its id
 * matched exactly or else in any case; with `anyCase`, the best of every spelling (a badge's standing: the old
 * board holds a few models under two spellings).
 */
export function findRanked(board: Board, ref: ModelRef, anyCase = false): CompactRow | undefined {
  // Not `prepare(board)`: a lookup needs none of its sorts, and a badge may be the board's first reader.
  const table = board.columns.text.model.table;
  const lower = ref.model.toLowerCase();
  const ascii = /^[\x00-\x7f]*$/.test(ref.model);
  // Per value of the model column's index: 2 for the exact id, 1 for the id in another case. Lower-casing keeps an
  // ASCII id's length, so only entries of its byte length can match it: the others are not decoded.
  const match = new Uint8Array(table.offsets.length);
  for (let k = 1; k < match.length; k++) {
    const bytes = (table.offsets[k] as number) - (table.offsets[k - 1] as number);
    if (ascii && bytes !== ref.model.length) continue;
    if (lowerEntry(table, k) === lower) match[k] = entryText(table, k - 1) === ref.model ? 2 : 1;
  }
  const precision =
    ref.precision === null ? 0 : tableTexts(board.columns.text.precision.table).indexOf(ref.precision) + 1;
  if (ref.precision !== null && precision === 0) return undefined;
  const c = board.columns;
  let inAnyCase: number | undefined;
  for (let i = 0; i < board.length; i++) {
    const j = baseRow(board, i);
    const m = match[c.text.model.index[j] as number] as number;
    if (m === 0 || flagAt(board, i, FLAG.provisional)) continue;
    if (precision !== 0 && c.text.precision.index[j] !== precision) continue;
    if (m === 2 || anyCase) return rowAt(board, i);
    inAnyCase ??= i;
  }
  return inAnyCase === undefined ? undefined : rowAt(board, inAnyCase);
}
