// The row-object engine as it stood before issue 15 (d5e94a8), unchanged: only bench/engine.ts's baseline.
/**
 * The per-board work of the engine, done once per rows array and kept beside it: lower-cased search fields, the
 * canonical order, averages and their SEs, rank and sort orders per query shape, and the whole board's rank
 * ranges per average (domain/statistics-ranks.ts), so every static view of a board version reuses them. Ranks are
 * competition ranks (1, 2, 2, 4): one plus the number of rows strictly better, the rule store/read/rank.ts writes
 * in SQL.
 */
import { BENCHMARK_KEYS, type BenchmarkKey } from "../../worker/domain/benchmarks";
import { averageSe } from "../../worker/domain/statistics";
import { type RankRanges, type RankRows, rankRanges } from "../../worker/domain/statistics-ranks";
import type { BoardQuery, CompactRow, SortKey } from "../../worker/domain/board/query";

/** Per-board work done once and reused by every query on the same rows array. */
export interface Prepared {
  rows: readonly CompactRow[];
  model: string[];
  architecture: string[];
  license: string[];
  precision: string[];
  type: string[];
  byId: Map<string, number>;
  /** Position of each row in the canonical order (average desc, model, precision, id): the tie-breaker. */
  canonical: Uint32Array;
  averages: Map<string, Float64Array>;
  /** The SE of each row's average (NaN where it has none), per average key. */
  averageSes: Map<string, Float64Array>;
  /** The whole board's rank ranges, per average key. */
  staticRanges: Map<string, RankRanges>;
  averageOrders: Map<string, Uint32Array>;
  staticRanks: Map<string, Float64Array>;
  orders: Map<string, Uint32Array>;
}

const preparedBoards = new WeakMap<readonly CompactRow[], Prepared>();

export function prepare(rows: readonly CompactRow[]): Prepared {
  const cached = preparedBoards.get(rows);
  if (cached) return cached;
  const n = rows.length;
  const p: Prepared = {
    rows,
    model: new Array<string>(n),
    architecture: new Array<string>(n),
    license: new Array<string>(n),
    precision: new Array<string>(n),
    type: new Array<string>(n),
    byId: new Map(),
    canonical: new Uint32Array(n),
    averages: new Map(),
    averageSes: new Map(),
    staticRanges: new Map(),
    averageOrders: new Map(),
    staticRanks: new Map(),
    orders: new Map(),
  };
  for (let i = 0; i < n; i++) {
    const r = rows[i] as CompactRow;
    p.model[i] = r.model.toLowerCase();
    p.architecture[i] = (r.architecture ?? "").toLowerCase();
    p.license[i] = (r.license ?? "").toLowerCase();
    p.precision[i] = r.precision.toLowerCase();
    p.type[i] = r.type;
    p.byId.set(r.id, i);
  }
  const order = indices(n);
  order.sort((a, b) => {
    const ra = rows[a] as CompactRow;
    const rb = rows[b] as CompactRow;
    const x = ra.average ?? Number.NEGATIVE_INFINITY;
    const y = rb.average ?? Number.NEGATIVE_INFINITY;
    if (x !== y) return y - x;
    return cmp(ra.model, rb.model) || cmp(ra.precision, rb.precision) || cmp(ra.id, rb.id);
  });
  for (let pos = 0; pos < n; pos++) p.canonical[order[pos] as number] = pos;
  preparedBoards.set(rows, p);
  return p;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
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
  const n = p.rows.length;
  const out = new Float64Array(n);
  const columns = key === "all" ? null : columnsOf(key);
  for (let i = 0; i < n; i++) {
    const r = p.rows[i] as CompactRow;
    if (!columns) {
      out[i] = r.average ?? Number.NaN;
      continue;
    }
    let sum = 0;
    for (const c of columns) sum += r.normalized[c] ?? Number.NaN;
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
  const cached = p.averageSes.get(key);
  if (cached) return cached;
  const columns = columnsOf(key);
  const out = new Float64Array(p.rows.length);
  for (let i = 0; i < p.rows.length; i++) {
    const se = (p.rows[i] as CompactRow).se;
    out[i] = averageSe(columns.map((c) => se[c])) ?? Number.NaN;
  }
  p.averageSes.set(key, out);
  return out;
}

/**
 * The rank-range inputs of the rows `include` admits (all when omitted): averages and their SEs as columns, and
 * each entry's row index. A row with an average but no SE (stored before intervals were) is left out.
 */
export function rankRowsFor(
  p: Prepared,
  key: string,
  include?: (i: number) => boolean,
): { rows: RankRows; index: Uint32Array } {
  const averages = averagesFor(p, key);
  const ses = averageSesFor(p, key);
  const index: number[] = [];
  for (let i = 0; i < p.rows.length; i++) {
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
  const { rows, index } = rankRowsFor(p, key);
  const ranges = rankRanges(rows).members;
  const out = { best: new Uint32Array(p.rows.length), worst: new Uint32Array(p.rows.length) };
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
  const avg = averagesFor(p, key);
  const order = indices(p.rows.length);
  const c = p.canonical;
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

export function staticRanksFor(p: Prepared, key: string): Float64Array {
  const cached = p.staticRanks.get(key);
  if (cached) return cached;
  const ranks = new Float64Array(p.rows.length);
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

type SortValue = (r: CompactRow) => number | string | null;

const TEXT_SORTS: Partial<Record<SortKey, SortValue>> = {
  model: (r) => r.model.toLowerCase(),
  type: (r) => r.type,
  architecture: (r) => r.architecture?.toLowerCase() ?? null,
  precision: (r) => r.precision,
  weight_type: (r) => r.weightType,
  license: (r) => r.license?.toLowerCase() ?? null,
  upload_date: (r) => r.uploadDate,
  submission_date: (r) => r.submissionDate,
  base_model: (r) => r.baseModel?.toLowerCase() ?? null,
};

const flagValue = (b: boolean) => (b ? 1 : 0);
const NUMBER_SORTS: Partial<Record<SortKey, SortValue>> = {
  params: (r) => r.params,
  likes: (r) => r.likes,
  generation: (r) => r.generation,
  co2: (r) => (r.co2 < 0 ? null : r.co2),
  chat_template: (r) => flagValue(r.chatTemplate),
  available: (r) => flagValue(r.available),
  official: (r) => flagValue(r.official),
  merged: (r) => flagValue(r.merged),
  moe: (r) => flagValue(r.moe),
  flagged: (r) => flagValue(r.flagged),
};

/** Whole-board row order for a sort, missing values last in both directions, canonical order within ties. */
export function orderFor(p: Prepared, query: BoardQuery, avgKey: string): Uint32Array {
  const cacheKey = `${query.sort}|${query.order}|${query.scores}|${avgKey}`;
  const cached = p.orders.get(cacheKey);
  if (cached) return cached;
  const n = p.rows.length;
  const sign = query.order === "asc" ? 1 : -1;
  const c = p.canonical;
  const order = indices(n);
  const benchmarkIndex = BENCHMARK_KEYS.indexOf(query.sort as BenchmarkKey);
  const text = TEXT_SORTS[query.sort];
  if (text) {
    const values = p.rows.map(text) as (string | null)[];
    order.sort((a, b) => {
      const x = values[a] ?? null;
      const y = values[b] ?? null;
      if (x === null || y === null) return x === y ? (c[a] as number) - (c[b] as number) : x === null ? 1 : -1;
      return sign * cmp(x, y) || (c[a] as number) - (c[b] as number);
    });
  } else {
    const values = new Float64Array(n);
    if (query.sort === "average") values.set(averagesFor(p, avgKey));
    else if (benchmarkIndex >= 0) {
      const column = query.scores === "raw" ? "raw" : "normalized";
      for (let i = 0; i < n; i++) values[i] = (p.rows[i] as CompactRow)[column][benchmarkIndex] ?? Number.NaN;
    } else {
      const read = NUMBER_SORTS[query.sort] as SortValue;
      for (let i = 0; i < n; i++) values[i] = (read(p.rows[i] as CompactRow) as number | null) ?? Number.NaN;
    }
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
