/**
 * The board's query engine: `applyBoard` filters, averages, ranks, sorts, pins and pages one view of the compact
 * board, each row with its rank range. The server and the browser island run this same code.
 */
import { BENCHMARK_KEYS, type BenchmarkKey } from "../benchmarks";
import type { SearchClause, SearchTarget } from "../search";
import { parseSearch } from "../search";
import { type RankRanges, rankRangeAt, rankRanges } from "../statistics-ranks";
import {
  averageKey,
  averageOrderFor,
  averageSeAt,
  averagesFor,
  orderFor,
  type Prepared,
  prepare,
  rankRowsFor,
  rowOf,
  rowOfId,
  rankWalk,
  staticRangesFor,
  staticRanksFor,
  textsOf,
  lowerStringsOf,
} from "./prepared";
import type { BoardQuery, CompactRow } from "./query";
import { type Board, FLAG, flagAt, type NumberColumn, numberAt, subBoard, type TextKey, tableTexts } from "./snapshot";

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

const verifiedBoards = new WeakMap<Board, Board>();

/**
 * The board without its provisional rows: one sub-board per board, kept beside it, so the per-board work of a
 * view without `verification=all` is cached like any other and its static ranks count verified runs only.
 */
export function verifiedRows(board: Board): Board {
  let rows = verifiedBoards.get(board);
  if (!rows) {
    rows = subBoard(board, (i) => !flagAt(board, i, FLAG.provisional));
    verifiedBoards.set(board, rows);
  }
  return rows;
}

/** How many evaluations the board has for a query: the verified ones, or every shown one with `verification=all`. */
export function boardSizeFor(board: Board, query: Pick<BoardQuery, "verification">): number {
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
export function applyBoard(board: Board, query: BoardQuery): BoardResult {
  const rows = query.verification === "all" ? board : verifiedRows(board);
  const p = prepare(rows);
  const n = rows.length;
  const clauses = clausesOf(query.search);
  const c = rows.columns;
  const typeIndex = c.text.type.index;
  const precisionIndex = c.text.precision.index;
  const types = query.types.length > 0 ? entriesIn(textsOf(p, "type"), query.types) : null;
  const precisions = query.precision.length > 0 ? entriesIn(textsOf(p, "precision"), query.precision) : null;
  const hide = new Set<string>(query.hide);
  let hidden = 0;
  if (hide.has("merged")) hidden |= FLAG.merged;
  if (hide.has("moe")) hidden |= FLAG.moe;
  if (hide.has("flagged")) hidden |= FLAG.flagged;
  const hideUnavailable = hide.has("unavailable");
  const { paramsMin, paramsMax } = query;
  const sized = paramsMin !== null || paramsMax !== null;
  const params = c.number.params;

  const pinnedIndex = new Map<number, number>();
  for (const id of query.pinned) {
    const i = rowOfId(p, id);
    if (i !== undefined && !pinnedIndex.has(i)) pinnedIndex.set(i, pinnedIndex.size);
  }

  const pass = new Uint8Array(n);
  if (clauses !== null) {
    const masks = clauses.length > 0 ? masksFor(c, clauses) : null;
    const modelIndex = c.text.model.index;
    const architectureIndex = c.text.architecture.index;
    const licenseIndex = c.text.license.index;
    for (let i = 0; i < n; i++) {
      const j = p.base(i);
      const flags = c.flags[j] as number;
      if (types && types[typeIndex[j] as number] !== 1) continue;
      if (precisions && precisions[precisionIndex[j] as number] !== 1) continue;
      if ((flags & hidden) !== 0) continue;
      if (hideUnavailable && (flags & FLAG.available) === 0) continue;
      if (query.official && (flags & FLAG.official) === 0) continue;
      if (sized) {
        const size = numberAt(params, j);
        if (Number.isNaN(size)) continue;
        if (paramsMin !== null && size < paramsMin) continue;
        if (paramsMax !== null && size > paramsMax) continue;
      }
      if (
        masks &&
        (masks.at(0, modelIndex[j] as number) &
          masks.at(1, architectureIndex[j] as number) &
          masks.at(2, licenseIndex[j] as number) &
          masks.at(3, precisionIndex[j] as number) &
          masks.at(4, typeIndex[j] as number) &
          CLAUSE_BITS) ===
          0
      ) {
        continue;
      }
      pass[i] = 1;
    }
  }

  const avgKey = averageKey(query);
  const averages = averagesFor(p, avgKey);
  let ranks: Float64Array | Uint32Array;
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
      const se = averageSeAt(p, avgKey, i);
      return {
        rank: ranks[i] as number,
        average: Number.isNaN(avg) ? null : avg,
        averageSe: Number.isNaN(se) ? null : se,
        rankRange: rankRangeAt(ranges, i),
        pinned: pinnedIndex.has(i),
        row: rowOf(p, i),
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
  const out = { best: new Uint32Array(p.n), worst: new Uint32Array(p.n) };
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

/** Per value of a text column's index (0 null, k + 1 entry k), 1 when the entry is one of `values`. */
function entriesIn(entries: readonly string[], values: readonly string[]): Uint8Array {
  const out = new Uint8Array(entries.length + 1);
  entries.forEach((e, k) => {
    if (values.includes(e)) out[k + 1] = 1;
  });
  return out;
}

/** The fields a search tests, in SearchMasks' order, and whether each is tested lower-cased. */
const SEARCHED: readonly [TextKey, SearchTargetKey, boolean][] = [
  ["model", "model", true],
  ["architecture", "architecture", true],
  ["license", "license", true],
  ["precision", "precision", true],
  ["type", "type", false],
];
type SearchTargetKey = keyof SearchTarget;

// Set on every mask worked out, so 0 means "not yet"; MAX_CLAUSES (12) clauses fit below it.
const COMPUTED = 1 << 15;
const CLAUSE_BITS = COMPUTED - 1;

/**
 * Which clauses of a search each distinct value of a field satisfies (bit c for clause c: its matcher on that
 * field passes, or it has none), worked out the first time a row shows the value: a row matches when the masks of
 * its five fields share a bit. Each matcher runs once per distinct value, not once per row, on the board's kept
 * lower-cased values (a null value searches as the empty string, as it always has).
 */
class SearchMasks {
  private readonly masks: Uint16Array[];
  private readonly tables: string[][];
  constructor(
    readonly columns: Board["columns"],
    readonly clauses: readonly SearchClause[],
  ) {
    this.masks = SEARCHED.map(([key]) => new Uint16Array(columns.text[key].table.offsets.length));
    this.tables = SEARCHED.map(([key, , lower]) =>
      lower ? lowerStringsOf(columns.text[key].table) : ["", ...tableTexts(columns.text[key].table)],
    );
  }
  at(field: number, index: number): number {
    const masks = this.masks[field] as Uint16Array;
    const known = masks[index] as number;
    if (known !== 0) return known;
    const value = (this.tables[field] as string[])[index] as string;
    const target = (SEARCHED[field] as [TextKey, SearchTargetKey, boolean])[1];
    let mask = COMPUTED;
    for (let c = 0; c < this.clauses.length; c++) {
      const clause = this.clauses[c] as SearchClause;
      const test = target === "model" ? clause.text : clause.fields[target];
      if (!test || test(value)) mask |= 1 << c;
    }
    masks[index] = mask;
    return mask;
  }
}

let lastMasks: SearchMasks | null = null;

/**
 * The masks of the last search on the last board: parseSearch hands back the same clauses for the same text, so a
 * view asked again with the search unchanged (another sort, another page, a re-render) tests no value again.
 */
function masksFor(columns: Board["columns"], clauses: readonly SearchClause[]): SearchMasks {
  if (lastMasks?.columns !== columns || lastMasks.clauses !== clauses) lastMasks = new SearchMasks(columns, clauses);
  return lastMasks;
}

/** An evaluation's rank range on the whole board by the six-benchmark average; null when it is not ranked there. */
export function wholeBoardRange(board: Board, id: string): [number, number] | null {
  const p = prepare(verifiedRows(board));
  const i = rowOfId(p, id);
  return i === undefined ? null : rankRangeAt(staticRangesFor(p, "all"), i);
}

/** An evaluation's rank on the whole board by the six-benchmark average; null when it is not ranked there. */
export function wholeBoardRank(board: Board, id: string): number | null {
  const p = prepare(verifiedRows(board));
  const i = rowOfId(p, id);
  if (i === undefined || Number.isNaN(averagesFor(p, "all")[i] as number)) return null;
  return staticRanksFor(p, "all")[i] ?? null;
}

/** The best ranked score per benchmark and for the average (0 when none): where the model page's bars end. */
export function bestScores(board: Board): Record<BenchmarkKey | "average", number> {
  const best = { average: 0 } as Record<BenchmarkKey | "average", number>;
  for (const k of BENCHMARK_KEYS) best[k] = 0;
  const p = prepare(verifiedRows(board));
  const averages = averagesFor(p, "all");
  const normalized = p.board.columns.score.normalized;
  for (let i = 0; i < p.n; i++) {
    const j = p.base(i);
    best.average = Math.max(best.average, orZero(averages[i] as number));
    BENCHMARK_KEYS.forEach((k, b) => {
      best[k] = Math.max(best[k], orZero(numberAt(normalized[b] as NumberColumn, j)));
    });
  }
  return best;
}

const orZero = (v: number): number => (Number.isNaN(v) ? 0 : v);
