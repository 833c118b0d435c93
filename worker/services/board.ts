/**
 * Serving a board view: the front view straight from SQL (top-N on the average index), every other view from
 * the query engine over the compact board, which is loaded once per board version and kept in isolate memory.
 */
import type { BoardQuery, BoardResult, CompactRow } from "../domain/board";
import { applyBoard, isDefaultView } from "../domain/board";
import type { Db } from "../store/db";
import { loadCompactBoard, rankedPage } from "../store/board";

let held: { version: string; board: Promise<CompactRow[]> } | null = null;

/**
 * The compact board for a board version, loaded at most once per version per isolate (concurrent requests share
 * the load). The same array comes back each time, so the engine's per-board caches stay warm.
 */
export function compactBoard(db: Db, version: string): Promise<CompactRow[]> {
  if (held?.version !== version) {
    const board = loadCompactBoard(db);
    held = { version, board };
    // A failed load must not stick: the next request tries again.
    board.catch(() => {
      if (held?.board === board) held = null;
    });
  }
  return held.board;
}

/** The rows and total of a view; `whole` ignores limit and offset (exports). */
export async function boardView(db: Db, version: string, query: BoardQuery, whole = false): Promise<BoardResult> {
  if (!whole && isDefaultView(query)) return rankedPage(db, query);
  const q = whole ? { ...query, limit: Number.POSITIVE_INFINITY, offset: 0 } : query;
  return applyBoard(await compactBoard(db, version), q);
}
