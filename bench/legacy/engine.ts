// The row-object engine as it stood before issue 15 (d5e94a8), unchanged: only bench/engine.ts's baseline.
/**
 * The board's query engine: `applyBoard` filters, averages, ranks, sorts, pins and pages one view of the compact
 * board, each row with its rank range. The server and the browser island run this same code.
 */
import { BENCHMARK_KEYS, type BenchmarkKey } from "../../worker/domain/benchmarks";
import type { SearchClause } from "../../worker/domain/search";
import { matchesSearch, parseSearch } from "../../worker/domain/search";
import { type RankRanges, rankRangeAt, rankRanges } from "../../worker/domain/statistics-ranks";
import {
  averageKey,
  averageOrderFor,
  averageSesFor,
  averagesFor,
  orderFor,
  type Prepared,
  prepare,
  rankRowsFor,
  rankWalk,
  staticRangesFor,
  staticRanksFor,
} from "./prepared";
import type { BoardQuery, CompactRow } from "../../worker/domain/board/query";

export interface RankedRow {
  rank: number;
  /** The average in the query's mode (all six, or the visible benchmarks). */
  average: number | null;
  /** The SE of that average, in points (domain/statistics.ts); null when a benchmark it covers has none. */
  averageSe: number | null;
  /**
   * `[best, worst]`: the ranks the row is statistically tied with, within the ranking set of the query's rank
   * mode (the whole board, or the view with pinned rows as guests), for the average being ranked.
   */
  rankRange: [number, number] | null;
  pinned: boolean;
  row: CompactRow;
}

export interface BoardResult {
  rows: RankedRow[];
  /** Rows in the whole view (pinned included) before paging. */
  total: number;
}

const verifiedBoards = new WeakMap<readonly CompactRow[], readonly CompactRow[]>();

/**
 * The board without its provisional rows: one array per board, kept beside it, so the per-board work of a view
 * without `verification=all` is cached like any other and its static ranks count verified runs only.
 */
export function verifiedRows(board: readonly CompactRow[]): readonly CompactRow[] {
  let rows = verifiedBoards.get(board);
  if (!rows) {
    rows = board.some((r) => r.provisional) ? board.filter((r) => !r.provisional) : board;
    verifiedBoards.set(board, rows);
  }
  return rows;
}

/** How many evaluations the board has for a query: the verified ones, or every shown one with `verification=all`. */
export function boardSizeFor(board: readonly CompactRow[], query: Pick<BoardQuery, "verification">): number {
  return query.verification === "all" ? board.length : verifiedRows(board).length;
}

/** Parsed clauses of a search (parseSearch remembers the last one); null when the text does not parse. */
function clausesOf(text: string): SearchClause[] | null {
  const parsed = parseSearch(text);
  return parsed.ok ? parsed.clauses : null;
}

/**
 * The view a query asks for: the verified rows (all rows with `verification=all`) passing every filter (an unparseable search passes none), ranked (ties share
 * a rank; static over the whole board, dynamic within the view), sorted (missing values last, then by average),
 * pinned rows first in pin order whatever the filters, then paged. Treat `rows` as immutable: per-board work is
 * cached against the array, so repeated queries (every keystroke in the island) cost one linear pass.
 */
export function applyBoard(board: readonly CompactRow[], query: BoardQuery): BoardResult {
  const rows = query.verification === "all" ? board : verifiedRows(board);
  const p = prepare(rows);
  const n = rows.length;
  const clauses = clausesOf(query.search);
  const types = query.types.length > 0 ? new Set<string>(query.types) : null;
  const precisions = query.precision.length > 0 ? new Set<string>(query.precision) : null;
  const hide = new Set<string>(query.hide);
  const hideMerged = hide.has("merged");
  const hideMoe = hide.has("moe");
  const hideFlagged = hide.has("flagged");
  const hideUnavailable = hide.has("unavailable");
  const { paramsMin, paramsMax } = query;
  const sized = paramsMin !== null || paramsMax !== null;

  const pinnedIndex = new Map<number, number>();
  for (const id of query.pinned) {
    const i = p.byId.get(id);
    if (i !== undefined && !pinnedIndex.has(i)) pinnedIndex.set(i, pinnedIndex.size);
  }

  const pass = new Uint8Array(n);
  if (clauses !== null) {
    const target = { model: "", architecture: "", license: "", precision: "", type: "" };
    for (let i = 0; i < n; i++) {
      const r = rows[i] as CompactRow;
      if (types && !types.has(r.type)) continue;
      if (precisions && !precisions.has(r.precision)) continue;
      if (hideMerged && r.merged) continue;
      if (hideMoe && r.moe) continue;
      if (hideFlagged && r.flagged) continue;
      if (hideUnavailable && !r.available) continue;
      if (query.official && !r.official) continue;
      if (sized) {
        if (r.params === null) continue;
        if (paramsMin !== null && r.params < paramsMin) continue;
        if (paramsMax !== null && r.params > paramsMax) continue;
      }
      if (clauses.length > 0) {
        target.model = p.model[i] as string;
        target.architecture = p.architecture[i] as string;
        target.license = p.license[i] as string;
        target.precision = p.precision[i] as string;
        target.type = p.type[i] as string;
        if (!matchesSearch(clauses, target)) continue;
      }
      pass[i] = 1;
    }
  }

  const avgKey = averageKey(query);
  const averages = averagesFor(p, avgKey);
  let ranks: Float64Array;
  if (query.rank === "static") {
    ranks = staticRanksFor(p, avgKey);
  } else {
    // Pinned rows outside the view get the rank they would have if they were in it.
    ranks = new Float64Array(n);
    rankWalk(
      averages,
      averageOrderFor(p, avgKey),
      (i) => pass[i] === 1,
      (i, rank, included) => {
        if (included || pinnedIndex.has(i)) ranks[i] = rank;
      },
    );
  }

  const ranges = query.rank === "static" ? staticRangesFor(p, avgKey) : viewRanges(p, avgKey, pass, pinnedIndex);
  const averageSes = averageSesFor(p, avgKey);

  // The unpinned part of the view, in sort order; ranks are looked up only for the page.
  const order = orderFor(p, query, avgKey);
  const pinnedList = [...pinnedIndex.keys()];
  const start = query.offset;
  const end = query.offset + query.limit;
  const page: number[] = [];
  for (let k = start; k < Math.min(end, pinnedList.length); k++) page.push(pinnedList[k] as number);
  let position = pinnedList.length;
  for (let pos = 0; pos < n; pos++) {
    const i = order[pos] as number;
    if (pass[i] !== 1 || pinnedIndex.has(i)) continue;
    if (position >= start && position < end) page.push(i);
    position++;
  }

  return {
    total: position,
    rows: page.map((i) => {
      const avg = averages[i] as number;
      const se = averageSes[i] as number;
      return {
        rank: ranks[i] as number,
        average: Number.isNaN(avg) ? null : avg,
        averageSe: Number.isNaN(se) ? null : se,
        rankRange: rankRangeAt(ranges, i),
        pinned: pinnedIndex.has(i),
        row: rows[i] as CompactRow,
      };
    }),
  };
}

/**
 * Rank ranges within a view: its rows are the ranking set, and each pinned row outside it gets the range it
 * would have if it alone joined them (as its dynamic rank does). Per row index, 0 outside.
 */
function viewRanges(p: Prepared, key: string, pass: Uint8Array, pinned: Map<number, number>): RankRanges {
  const members = rankRowsFor(p, key, (i) => pass[i] === 1);
  const guests = rankRowsFor(p, key, (i) => pass[i] !== 1 && pinned.has(i));
  const found = rankRanges(members.rows, guests.rows);
  const out = { best: new Uint32Array(p.rows.length), worst: new Uint32Array(p.rows.length) };
  for (const [set, ranges] of [
    [members.index, found.members],
    [guests.index, found.guests],
  ] as const) {
    set.forEach((i, k) => {
      out.best[i] = ranges.best[k] as number;
      out.worst[i] = ranges.worst[k] as number;
    });
  }
  return out;
}

/** An evaluation's rank range on the whole board by the six-benchmark average; null when it is not ranked there. */
export function wholeBoardRange(board: readonly CompactRow[], id: string): [number, number] | null {
  const p = prepare(verifiedRows(board));
  const i = p.byId.get(id);
  return i === undefined ? null : rankRangeAt(staticRangesFor(p, "all"), i);
}

/** The best ranked score per benchmark and for the average (0 when none): where the model page's bars end. */
export function bestScores(rows: readonly CompactRow[]): Record<BenchmarkKey | "average", number> {
  const best = { average: 0 } as Record<BenchmarkKey | "average", number>;
  for (const k of BENCHMARK_KEYS) best[k] = 0;
  for (const r of verifiedRows(rows)) {
    best.average = Math.max(best.average, r.average ?? 0);
    BENCHMARK_KEYS.forEach((k, i) => {
      best[k] = Math.max(best[k], r.normalized[i] ?? 0);
    });
  }
  return best;
}
