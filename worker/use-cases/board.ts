/**
 * Serving the board: a view (every one from the query engine over the published board this isolate holds,
 * ./published-board.ts; a past day's board from one SQL query, the last one asked kept beside it), a model's
 * history, the models a compare page names, and the newest ranked evaluations.
 */
import {
  applyBoard,
  type BoardResult,
  boardSizeFor,
  verifiedRows,
  wholeBoardRange,
  wholeBoardRank,
} from "../domain/board/engine";
import { findRanked, parseModelRef } from "../domain/board/compare";
import type { BoardQuery, CompactRow } from "../domain/board/query";
import type { Board } from "../domain/board/snapshot";
import { Unavailable } from "../adapters/unavailable";
import { done, type Outcome, refused } from "../domain/refusals";
import type { Db } from "../store/db";
import { findEvaluator } from "../store/evaluators";
import { findModel } from "../store/models";
import { recentlyRanked } from "../store/read/board";
import { firstBoardDay, loadCompactBoardAsOf } from "../store/read/board-as-of";
import { type ModelHistory, modelHistory } from "../store/read/model-history";
import { boardHolder } from "./published-board";

/**
 * The board of a version the response cache resolved for this request (`servedBoard` in edge/board-source.ts):
 * the published snapshot this isolate holds, never a scan of D1. The same board comes back each time, so the
 * engine's per-board caches stay warm.
 */
export async function compactBoard(version: string): Promise<Board> {
  const board = boardHolder.board(version);
  // Only when two newer versions arrived while this request ran: it asks again and gets the newest.
  if (!board) throw new Unavailable("The board moved on while this request was answered; ask again", 1);
  return board;
}

/** A version's answer to a question about the board, held for its version only, retried after a failure. */
function heldFor<T>(load: (db: Db, key: string) => Promise<T>) {
  let slot: { key: string; value: Promise<T> } | null = null;
  return (db: Db, key: string, arg: string): Promise<T> => {
    if (slot?.key !== key) {
      const value = load(db, arg);
      slot = { key, value };
      value.catch(() => {
        if (slot?.value === value) slot = null;
      });
    }
    return slot.value;
  };
}

// One past board at a time: paging through it, or the island loading it, reuses it; another day replaces it, so an
// isolate holds at most two boards.
const pastBoard = heldFor(loadCompactBoardAsOf);
const firstDay = heldFor((db) => firstBoardDay(db));

/** The board a query is over: now, or as it stood at the end of `asOf`. */
export function compactBoardOf(db: Db, version: string, asOf: string | null): Promise<Board> {
  return asOf === null ? compactBoard(version) : pastBoard(db, `${version}|${asOf}`, asOf);
}

/** The first day with data on the board of a version (null while the board is empty). */
export function firstBoardDate(db: Db, version: string): Promise<string | null> {
  return firstDay(db, version, "");
}

/** A view with the first day of its board's data, as the API answers it (`first_date`). */
export async function datedBoardView(db: Db, version: string, query: BoardQuery, whole = false) {
  const [view, firstDate] = await Promise.all([boardView(db, version, query, whole), firstBoardDate(db, version)]);
  return { ...view, firstDate };
}

/**
 * The rows and total of a view; `whole` ignores limit and offset (exports). Every view, the front one included,
 * runs on the isolate's compact board: its rank ranges need the whole board anyway, so a SQL page beside it would
 * read the board twice.
 */
export async function boardView(db: Db, version: string, query: BoardQuery, whole = false): Promise<BoardResult> {
  const q = whole ? { ...query, limit: Number.POSITIVE_INFINITY, offset: 0 } : query;
  return applyBoard(await compactBoardOf(db, version, query.asOf), q);
}

/** How many evaluations the board of a view has (the verified ones, or all with `verification=all`): "of N". */
export async function boardSizeOf(db: Db, version: string, query: BoardQuery): Promise<number> {
  return boardSizeFor(await compactBoardOf(db, version, query.asOf), query);
}

/**
 * A model with its whole history in any case of its id, each ranked run's rank and the board's size read from
 * the published board of `version` (the one the answer is keyed by); refused for a model never evaluated.
 */
export async function modelRecord(db: Db, version: string, id: string): Promise<Outcome<ModelHistory, "no_model">> {
  const [history, board] = await Promise.all([modelHistory(db, id), compactBoard(version)]);
  if (!history) return refused({ reason: "no_model", modelId: id });
  const ranks: Record<string, number> = {};
  for (const e of history.evaluations) {
    const rank = e.status === "ranked" ? wholeBoardRank(board, e.id) : null;
    if (rank !== null) ranks[e.id] = rank;
  }
  return done({ ...history, ranks, boardSize: verifiedRows(board).length });
}

/** The whole board's rank range of each ranked evaluation of a model's history, by evaluation id. */
export async function historyRankRanges(
  version: string,
  history: ModelHistory,
): Promise<Record<string, [number, number]>> {
  const board = await compactBoard(version);
  const out: Record<string, [number, number]> = {};
  for (const e of history.evaluations) {
    const range = e.status === "ranked" ? wholeBoardRange(board, e.id) : null;
    if (range) out[e.id] = range;
  }
  return out;
}

/** The names of the evaluators that ran a model's evaluations, by id. */
export async function evaluatorNames(db: Db, history: ModelHistory): Promise<Record<string, string>> {
  const ids = [...new Set(history.evaluations.flatMap((e) => (e.evaluatorId === null ? [] : [e.evaluatorId])))];
  const evaluators = await Promise.all(ids.map((id) => findEvaluator(db, id)));
  return Object.fromEntries(evaluators.flatMap((e) => (e ? [[e.id, e.name]] : [])));
}

/** What a compare page found for one asked id: its best ranked row, or whether the model is known at all. */
export type Compared = { id: string; row: CompactRow } | { id: string; row: null; known: boolean };

/**
 * Each asked model's best ranked evaluation (the board is in rank order), the id in any case, of one precision
 * when asked as `org/name@precision`.
 */
export async function compareModels(db: Db, board: Board, ids: readonly string[]): Promise<Compared[]> {
  const found: Compared[] = [];
  for (const id of ids) {
    const ref = parseModelRef(id);
    const row = ref ? findRanked(board, ref) : undefined;
    found.push(
      row ? { id, row } : { id, row: null, known: ref !== null && (await findModel(db, ref.model)) !== undefined },
    );
  }
  return found;
}

/** The newest ranked evaluations, newest first, for the feed. */
export function newlyRanked(db: Db, limit: number) {
  return recentlyRanked(db, limit);
}
