/**
 * The per-board work of the engine, done once per board and kept beside it: the canonical order, averages and
 * their SEs, rank and sort orders per query shape, the whole board's rank ranges per average
 * (domain/statistics-ranks.ts), and, once a search or a text sort asks, the lower-cased entries of the board's
 * string tables (one string per distinct value, not per row). Ranks are competition ranks (1, 2, 2, 4): one plus
 * the number of rows strictly better, the rule store/read/rank.ts writes in SQL.
 */
import { BENCHMARK_KEYS, type BenchmarkKey } from "../benchmarks";
import { averageSe } from "../statistics";
import { type RankRanges, type RankRows, rankRanges } from "../statistics-ranks";
import type { BoardQuery, CompactRow, SortKey } from "./query";
import {
  averageAt,
  type Board,
  compareText,
  errorsAt,
  FLAG,
  findIdRow,
  type NumberColumn,
  numberAt,
  type TextColumn,
  type TextKey,
  rowAt,
  type Table,
  entryText,
  tableTexts,
} from "./snapshot";

/** Per-board work done once and reused by every query on the same board. */
export interface Prepared {
  board: Board;
  n: number;
  /** Row of the board → row of its columns. */
  base: (i: number) => number;
  /** Board row of each row of the columns (−1 for a row outside a sub-board); built when an id is looked up. */
  inverse: Int32Array | null;
  /** Entries of a small text column's table (types, precisions), per column. */
  texts: Map<string, string[]>;
  /** Each entry's place among its table's entries in sort order (equal strings share one), per column and case. */
  ranks: Map<string, Uint32Array>;
  /** Position of each row in the canonical order (average desc, model, precision, id): the tie-breaker. */
  canonical: Uint32Array;
  averages: Map<string, Float64Array>;
  /** The SE of each row's average (NaN where it has none), per average key. */
  averageSes: Map<string, Float64Array>;
  /** The whole board's rank ranges, per average key. */
  staticRanges: Map<string, RankRanges>;
  averageOrders: Map<string, Uint32Array>;
  staticRanks: Map<string, Uint32Array>;
  orders: Map<string, Uint32Array>;
  /** Rows materialized for answers, by board row: the front view's hundred are asked again and again. */
  materialized: Map<number, CompactRow>;
}

const preparedBoards = new WeakMap<Board, Prepared>();

export function prepare(board: Board): Prepared {
  const cached = preparedBoards.get(board);
  if (cached) return cached;
  const n = board.length;
  const rowsOf = board.base;
  const p: Prepared = {
    board,
    n,
    base: rowsOf ? (i) => rowsOf[i] as number : (i) => i,
    inverse: null,
    texts: new Map(),
    ranks: new Map(),
    canonical: new Uint32Array(n),
    averages: new Map(),
    averageSes: new Map(),
    staticRanges: new Map(),
    averageOrders: new Map(),
    staticRanks: new Map(),
    orders: new Map(),
    materialized: new Map(),
  };
  const c = board.columns;
  const average = new Float64Array(n);
  const idRank = new Uint32Array(c.rows);
  c.idOrder.forEach((j, pos) => {
    idRank[j] = pos;
  });
  for (let i = 0; i < n; i++) average[i] = averageAt(c, p.base(i));
  // Only this sort reads the model column's exact order: not kept (a text sort on it is lower-cased).
  const model = entryRanks(c.text.model.table, false);
  const precision = textRanks(p, "precision", false);
  const modelIndex = c.text.model.index;
  const precisionIndex = c.text.precision.index;
  const order = indices(n);
  order.sort((a, b) => {
    const x = Number.isNaN(average[a] as number) ? Number.NEGATIVE_INFINITY : (average[a] as number);
    const y = Number.isNaN(average[b] as number) ? Number.NEGATIVE_INFINITY : (average[b] as number);
    if (x !== y) return y - x;
    const ja = p.base(a);
    const jb = p.base(b);
    return (
      (model[modelIndex[ja] as number] as number) - (model[modelIndex[jb] as number] as number) ||
      (precision[precisionIndex[ja] as number] as number) - (precision[precisionIndex[jb] as number] as number) ||
      (idRank[ja] as number) - (idRank[jb] as number)
    );
  });
  for (let pos = 0; pos < n; pos++) p.canonical[order[pos] as number] = pos;
  // The canonical order is the six-benchmark average's order: both serve every static view, so they are kept.
  p.averages.set("all", average);
  p.averageOrders.set("all", order);
  preparedBoards.set(board, p);
  return p;
}

/** A text column's table entries (index k + 1 of the column is entry k), kept per board: for small tables. */
export function textsOf(p: Prepared, key: TextKey): string[] {
  let out = p.texts.get(key);
  if (!out) {
    out = tableTexts(p.board.columns.text[key].table);
    p.texts.set(key, out);
  }
  return out;
}

/**
 * Per value of a text column's index (0 for null, k + 1 for entry k), its place in sort order among the table's
 * entries (lower-cased if asked); equal strings share a place, null's is 0 and every entry's at least 1. Entries
 * are compared as UTF-8 bytes in place or, lower-cased, as strings made for the sort: no string per entry is kept.
 */
export function textRanks(p: Prepared, key: TextKey, lower: boolean): Uint32Array {
  const cacheKey = `${key}|${lower}`;
  const cached = p.ranks.get(cacheKey);
  if (cached) return cached;
  const out = entryRanks(p.board.columns.text[key].table, lower);
  p.ranks.set(cacheKey, out);
  return out;
}

function entryRanks(table: Table, lower: boolean): Uint32Array {
  const entries = table.offsets.length - 1;
  let compare: (a: number, b: number) => number;
  if (lower) {
    // Lower-cased for this sort only: the places are kept, the strings are dropped.
    const lowered = tableTexts(table).map((t) => t.toLowerCase());
    compare = (a, b) => compareText(lowered[a] as string, lowered[b] as string);
  } else compare = (a, b) => compareEntries(table, a, b);
  const order = indices(entries);
  order.sort(compare);
  const out = new Uint32Array(entries + 1);
  let place = 0;
  order.forEach((k, pos) => {
    if (pos === 0 || compare(k, order[pos - 1] as number) !== 0) place++;
    out[k + 1] = place;
  });
  return out;
}

const lowerStrings = new WeakMap<Table, string[]>();

/**
 * A table's lower-cased entries, one string each, kept with the board once a search asks; index k + 1 is entry k,
 * index 0 (null) is "". At 100,000 model ids they cost about 7 MiB of heap, once: made per search instead, the
 * decoding was most of every new search's time (bench/engine.ts "typing").
 */
export function lowerStringsOf(table: Table): string[] {
  let out = lowerStrings.get(table);
  if (!out) {
    out = ["", ...tableTexts(table).map((t) => t.toLowerCase())];
    lowerStrings.set(table, out);
  }
  return out;
}

/**
 * Lower-cased entry k − 1 of a table ("" for index 0, null), made when asked and not kept: for one lookup
 * (compare.ts findRanked, a badge's standing), which need not pay for every entry's string.
 */
export function lowerEntry(table: Table, index: number): string {
  return index === 0 ? "" : entryText(table, index - 1).toLowerCase();
}

/**
 * compareText on two entries of a table, read from their UTF-8 bytes: byte order is code-unit order up to the
 * first differing byte when one of the two is ASCII; past that (both non-ASCII, where UTF-8 and UTF-16 orders
 * can differ) the two entries are decoded and compared as strings.
 */
function compareEntries(table: Table, a: number, b: number): number {
  const { offsets, bytes } = table;
  const aStart = offsets[a] as number;
  const bStart = offsets[b] as number;
  const aLength = (offsets[a + 1] as number) - aStart;
  const bLength = (offsets[b + 1] as number) - bStart;
  const length = Math.min(aLength, bLength);
  for (let i = 0; i < length; i++) {
    const x = bytes[aStart + i] as number;
    const y = bytes[bStart + i] as number;
    if (x === y) continue;
    if (x >= 0x80 && y >= 0x80) return compareText(entryText(table, a), entryText(table, b));
    return x - y;
  }
  return aLength - bLength;
}

/** Rows kept materialized per board: ten pages' worth (a few searches typed), about 1.5 MB. */
const MATERIALIZED = 1000;

/** Board row `i` as an object, shared between answers (treat it as immutable, as the board is). */
export function rowOf(p: Prepared, i: number): CompactRow {
  let row = p.materialized.get(i);
  if (!row) {
    if (p.materialized.size >= MATERIALIZED) p.materialized.clear();
    row = rowAt(p.board, i);
    p.materialized.set(i, row);
  }
  return row;
}

/** The board row with this evaluation id; undefined when none has it. */
export function rowOfId(p: Prepared, id: string): number | undefined {
  const j = findIdRow(p.board.columns, id);
  if (j === undefined) return undefined;
  if (!p.board.base) return j;
  if (!p.inverse) {
    p.inverse = new Int32Array(p.board.columns.rows).fill(-1);
    for (let i = 0; i < p.n; i++) p.inverse[p.base(i)] = i;
  }
  const i = p.inverse[j] as number;
  return i < 0 ? undefined : i;
}

export function indices(n: number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/** Which benchmarks the average is over, as a cache key ("all" or e.g. "0,2,5"). */
export function averageKey(query: BoardQuery): string {
  if (query.average === "all" || query.benchmarks.length === BENCHMARK_KEYS.length) return "all";
  return query.benchmarks.map((k) => BENCHMARK_KEYS.indexOf(k)).join(",");
}

/** Effective averages (NaN for missing), per average key. */
export function averagesFor(p: Prepared, key: string): Float64Array {
  const cached = p.averages.get(key);
  if (cached) return cached;
  const n = p.n;
  const out = new Float64Array(n);
  const c = p.board.columns;
  const columns = key === "all" ? null : columnsOf(key).map((b) => c.score.normalized[b] as NumberColumn);
  for (let i = 0; i < n; i++) {
    const j = p.base(i);
    if (!columns) {
      out[i] = averageAt(c, j);
      continue;
    }
    let sum = 0;
    for (const column of columns) sum += numberAt(column, j);
    out[i] = sum / columns.length;
  }
  p.averages.set(key, out);
  return out;
}

/** The benchmark indices an average key covers. */
function columnsOf(key: string): number[] {
  return key === "all" ? BENCHMARK_KEYS.map((_, i) => i) : key.split(",").map(Number);
}

/** The SE of each row's effective average (NaN where a benchmark has none), per average key. */
export function averageSesFor(p: Prepared, key: string): Float64Array {
  let out = p.averageSes.get(key);
  if (!out) {
    out = sesOf(p, key);
    p.averageSes.set(key, out);
  }
  return out;
}

/**
 * Boards up to this many rows keep per-row columns that a large one works out only for the rows it answers (the
 * SEs of a static view's page) or keeps in one string (lower-cased names): at 20,000 rows such a column is at
 * most about 1 MB, and computing it for each page would cost a small board more than its whole query.
 */
export const KEPT_BELOW = 20_000;

/** averageSesFor without keeping it: a static view needs every SE only once, for its rank ranges. */
function sesOf(p: Prepared, key: string): Float64Array {
  const columns = columnsOf(key);
  const out = new Float64Array(p.n);
  for (let i = 0; i < p.n; i++) {
    const se = errorsAt(p.board.columns, p.base(i), "se");
    out[i] = averageSe(columns.map((c) => se[c] ?? null)) ?? Number.NaN;
  }
  return out;
}

/** The SE of row `i`'s effective average (NaN where a benchmark has none), from the kept column if there is one. */
export function averageSeAt(p: Prepared, key: string, i: number): number {
  const cached = p.averageSes.get(key) ?? (p.n <= KEPT_BELOW ? averageSesFor(p, key) : undefined);
  if (cached) return cached[i] as number;
  const se = errorsAt(p.board.columns, p.base(i), "se");
  return averageSe(columnsOf(key).map((c) => se[c] ?? null)) ?? Number.NaN;
}

/**
 * The rank-range inputs of the rows `include` admits (all when omitted): averages and their SEs as columns, and
 * each entry's row index. A row with an average but no SE (stored before intervals were) is left out.
 */
export function rankRowsFor(
  p: Prepared,
  key: string,
  include?: (i: number) => boolean,
  ses: Float64Array = averageSesFor(p, key),
): { rows: RankRows; index: Uint32Array } {
  const averages = averagesFor(p, key);
  const index: number[] = [];
  for (let i = 0; i < p.n; i++) {
    if (Number.isFinite(averages[i] as number) && Number.isFinite(ses[i] as number) && (!include || include(i))) {
      index.push(i);
    }
  }
  return {
    rows: {
      averages: Float64Array.from(index, (i) => averages[i] as number),
      ses: Float64Array.from(index, (i) => ses[i] as number),
    },
    index: Uint32Array.from(index),
  };
}

/** The whole board's rank ranges per row (0 where a row is outside the ranking), per average key. */
export function staticRangesFor(p: Prepared, key: string): RankRanges {
  const cached = p.staticRanges.get(key);
  if (cached) return cached;
  const { rows, index } = rankRowsFor(p, key, undefined, p.averageSes.get(key) ?? sesOf(p, key));
  const ranges = rankRanges(rows).members;
  const out = { best: new Uint32Array(p.n), worst: new Uint32Array(p.n) };
  index.forEach((i, k) => {
    out.best[i] = ranges.best[k] as number;
    out.worst[i] = ranges.worst[k] as number;
  });
  p.staticRanges.set(key, out);
  return out;
}

/** Row indices by effective average, best first, missing last, canonical order within ties. */
export function averageOrderFor(p: Prepared, key: string): Uint32Array {
  const cached = p.averageOrders.get(key);
  if (cached) return cached;
  const c = p.canonical;
  const avg = averagesFor(p, key);
  const order = indices(p.n);
  order.sort((a, b) => {
    const x = avg[a] as number;
    const y = avg[b] as number;
    if (x !== y && !(Number.isNaN(x) && Number.isNaN(y))) {
      if (Number.isNaN(x)) return 1;
      if (Number.isNaN(y)) return -1;
      return y - x;
    }
    return (c[a] as number) - (c[b] as number);
  });
  p.averageOrders.set(key, order);
  return order;
}

/** Competition ranks (1, 2, 2, 4) over the rows `include` admits, walking the average order. */
export function rankWalk(
  avg: Float64Array,
  order: Uint32Array,
  include: (i: number) => boolean,
  visit: (i: number, rank: number, included: boolean) => void,
): void {
  let seen = 0;
  let lastRank = 0;
  let lastValue = Number.NaN;
  for (let pos = 0; pos < order.length; pos++) {
    const i = order[pos] as number;
    const v = avg[i] as number;
    const tie = seen > 0 && (v === lastValue || (Number.isNaN(v) && Number.isNaN(lastValue)));
    if (include(i)) {
      const rank = tie ? lastRank : seen + 1;
      visit(i, rank, true);
      seen++;
      lastRank = rank;
      lastValue = v;
    } else {
      visit(i, tie ? lastRank : seen + 1, false);
    }
  }
}

export function staticRanksFor(p: Prepared, key: string): Uint32Array {
  const cached = p.staticRanks.get(key);
  if (cached) return cached;
  const ranks = new Uint32Array(p.n);
  rankWalk(
    averagesFor(p, key),
    averageOrderFor(p, key),
    () => true,
    (i, rank) => {
      ranks[i] = rank;
    },
  );
  p.staticRanks.set(key, ranks);
  return ranks;
}

/** Sorts on a text column: its key, and whether it sorts lower-cased (as the board shows names). */
const TEXT_SORTS: Partial<Record<SortKey, [TextKey, boolean]>> = {
  model: ["model", true],
  type: ["type", false],
  architecture: ["architecture", true],
  precision: ["precision", false],
  weight_type: ["weightType", false],
  license: ["license", true],
  upload_date: ["uploadDate", false],
  submission_date: ["submissionDate", false],
  base_model: ["baseModel", true],
};

type NumberSort = { column: "params" | "likes" | "generation" | "co2" } | { flag: number };
const NUMBER_SORTS: Partial<Record<SortKey, NumberSort>> = {
  params: { column: "params" },
  likes: { column: "likes" },
  generation: { column: "generation" },
  co2: { column: "co2" },
  chat_template: { flag: FLAG.chatTemplate },
  available: { flag: FLAG.available },
  official: { flag: FLAG.official },
  merged: { flag: FLAG.merged },
  moe: { flag: FLAG.moe },
  flagged: { flag: FLAG.flagged },
};

/** Per row, the sort value of a number sort (NaN for missing; an unknown co2, stored as −1, is missing). */
function numberValues(p: Prepared, sort: NumberSort): Float64Array {
  const c = p.board.columns;
  const values = new Float64Array(p.n);
  if ("flag" in sort) {
    for (let i = 0; i < p.n; i++) values[i] = ((c.flags[p.base(i)] as number) & sort.flag) !== 0 ? 1 : 0;
    return values;
  }
  const column = c.number[sort.column];
  for (let i = 0; i < p.n; i++) values[i] = numberAt(column, p.base(i));
  if (sort.column === "co2") for (let i = 0; i < p.n; i++) if ((values[i] as number) < 0) values[i] = Number.NaN;
  return values;
}

/** Whole-board row order for a sort, missing values last in both directions, canonical order within ties. */
export function orderFor(p: Prepared, query: BoardQuery, avgKey: string): Uint32Array {
  // By average, best first, is the average order already kept for ranks.
  if (query.sort === "average" && query.order === "desc") return averageOrderFor(p, avgKey);
  const cacheKey = `${query.sort}|${query.order}|${query.scores}|${avgKey}`;
  const cached = p.orders.get(cacheKey);
  if (cached) return cached;
  const n = p.n;
  const sign = query.order === "asc" ? 1 : -1;
  const c = p.canonical;
  const order = indices(n);
  const benchmarkIndex = BENCHMARK_KEYS.indexOf(query.sort as BenchmarkKey);
  const text = TEXT_SORTS[query.sort];
  if (text) {
    // Places among the table's entries stand for the strings: 0 is null, equal strings share a place.
    const ranks = textRanks(p, text[0], text[1]);
    const index: TextColumn["index"] = p.board.columns.text[text[0]].index;
    const values = new Uint32Array(n);
    for (let i = 0; i < n; i++) values[i] = ranks[index[p.base(i)] as number] as number;
    order.sort((a, b) => {
      const x = values[a] as number;
      const y = values[b] as number;
      if (x === 0 || y === 0) return x === y ? (c[a] as number) - (c[b] as number) : x === 0 ? 1 : -1;
      return sign * (x - y) || (c[a] as number) - (c[b] as number);
    });
  } else {
    let values: Float64Array;
    if (query.sort === "average") values = averagesFor(p, avgKey);
    else if (benchmarkIndex >= 0) {
      const column = p.board.columns.score[query.scores === "raw" ? "raw" : "normalized"][
        benchmarkIndex
      ] as NumberColumn;
      values = new Float64Array(n);
      for (let i = 0; i < n; i++) values[i] = numberAt(column, p.base(i));
    } else values = numberValues(p, NUMBER_SORTS[query.sort] as NumberSort);
    order.sort((a, b) => {
      const x = values[a] as number;
      const y = values[b] as number;
      const xn = Number.isNaN(x);
      const yn = Number.isNaN(y);
      if (xn || yn) return xn && yn ? (c[a] as number) - (c[b] as number) : xn ? 1 : -1;
      return sign * (x - y) || (c[a] as number) - (c[b] as number);
    });
  }
  p.orders.set(cacheKey, order);
  return order;
}
