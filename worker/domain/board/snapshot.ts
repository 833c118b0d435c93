/**
 * The board's read model as bytes (what the publisher writes to KV and every isolate decodes) and as the opaque
 * `Board` the engine runs on. A stand-in until the columnar format lands: the rows as JSON, with the same exports,
 * so callers get rows out only through `boardLength`, `rowAt` and the engine.
 */
import type { CompactRow } from "./query";

export type Board = readonly CompactRow[];

export function encodeSnapshot(rows: readonly CompactRow[]): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(rows));
}

export function decodeSnapshot(bytes: Uint8Array): Board {
  return JSON.parse(new TextDecoder().decode(bytes)) as Board;
}

export function boardLength(board: Board): number {
  return board.length;
}

export function rowAt(board: Board, i: number): CompactRow {
  const row = board[i];
  if (row === undefined) throw new RangeError(`no row ${i} on a board of ${board.length}`);
  return row;
}
