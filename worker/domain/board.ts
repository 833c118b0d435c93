/**
 * The board's query engine: one compact row per ranked evaluation, the query every view of the board is (and
 * its URL form), and `applyBoard`, which filters, averages, ranks, sorts, pins and pages. Pure and free of
 * dependencies beyond the registry and the vocabulary, so the server and the browser island run the same code.
 */
import type { BenchmarkKey } from "./benchmarks";
import { BENCHMARK_KEYS } from "./benchmarks";
import type { SearchClause } from "./search";
import { matchesSearch, parseSearch } from "./search";
import type { ModelType, Precision, WeightType } from "./vocabulary";
import { MODEL_TYPE_LABELS, MODEL_TYPES, PRECISIONS } from "./vocabulary";

/** One ranked evaluation with everything any column, filter or sort needs. Scores follow BENCHMARK_KEYS order. */
export interface CompactRow {
  /** Evaluation id. */
  id: string;
  /** Hub model id, `org/name` (or a legacy id such as `gpt2`). */
  model: string;
  revision: string;
  type: ModelType;
  architecture: string | null;
  params: number | null;
  license: string | null;
  likes: number;
  precision: Precision;
  weightType: WeightType;
  chatTemplate: boolean;
  merged: boolean;
  moe: boolean;
  flagged: boolean;
  official: boolean;
  available: boolean;
  baseModel: string | null;
  generation: number;
  uploadDate: string | null;
  submissionDate: string | null;
  /** Kilograms; −1 when unknown. */
  co2: number;
  /** Mean of the six normalized scores. */
  average: number | null;
  /** 0–1, one per benchmark in BENCHMARK_KEYS order. */
  raw: (number | null)[];
  /** 0–100, one per benchmark in BENCHMARK_KEYS order. */
  normalized: (number | null)[];
}

/** Optional columns besides rank, model, average and the benchmarks; `type` and `co2` are shown by default. */
export const COLUMN_KEYS = [
  "type",
  "co2",
  "likes",
  "architecture",
  "precision",
  "weight_type",
  "params",
  "license",
  "chat_template",
  "upload_date",
  "submission_date",
  "generation",
  "base_model",
  "available",
  "official",
  "merged",
  "moe",
  "flagged",
] as const;
export type ColumnKey = (typeof COLUMN_KEYS)[number];

export const SORT_KEYS = ["average", ...BENCHMARK_KEYS, "model", ...COLUMN_KEYS] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export const HIDE_KEYS = ["merged", "moe", "flagged", "unavailable"] as const;
export type HideKey = (typeof HIDE_KEYS)[number];

/** The old board's size presets, in billions of parameters. */
export const PARAM_PRESETS = [
  { key: "edge", label: "Edge devices", min: 0, max: 3 },
  { key: "consumer", label: "Consumers", min: 3, max: 7 },
  { key: "mid", label: "Mid-range", min: 7, max: 65 },
  { key: "gpu-rich", label: "GPU-rich", min: 65, max: 141 },
] as const;

export const MAX_LIMIT = 500;
export const MAX_PINNED = 50;

export interface BoardQuery {
  search: string;
  /** Empty: every type. */
  types: ModelType[];
  /** Empty: every precision. */
  precision: Precision[];
  /** Inclusive bounds in billions; a bound set excludes rows of unknown size. */
  paramsMin: number | null;
  paramsMax: number | null;
  hide: HideKey[];
  /** Only official providers. */
  official: boolean;
  sort: SortKey;
  order: "asc" | "desc";
  /** Which benchmark values are shown and sorted on. The average is always over normalized scores. */
  scores: "raw" | "normalized";
  /** `static`: rank on the whole board; `dynamic`: rank within the filtered view. */
  rank: "static" | "dynamic";
  /** `all`: the six benchmarks; `visible`: only the benchmarks in `benchmarks`. */
  average: "all" | "visible";
  /** Visible benchmark columns, in registry order. */
  benchmarks: BenchmarkKey[];
  /** Visible optional columns, in COLUMN_KEYS order. */
  columns: ColumnKey[];
  /** Evaluation ids kept on top, in this order, whatever the filters. */
  pinned: string[];
  limit: number;
  offset: number;
}

export const DEFAULT_BOARD_QUERY: Readonly<BoardQuery> = Object.freeze({
  search: "",
  types: [],
  precision: [],
  paramsMin: null,
  paramsMax: null,
  hide: [],
  official: false,
  sort: "average",
  order: "desc",
  scores: "normalized",
  rank: "static",
  average: "all",
  benchmarks: [...BENCHMARK_KEYS],
  columns: ["type", "co2"] as ColumnKey[],
  pinned: [],
  limit: 100,
  offset: 0,
});

/** A fresh, mutable copy of the default query. */
export function defaultBoardQuery(): BoardQuery {
  return {
    ...DEFAULT_BOARD_QUERY,
    types: [],
    precision: [],
    hide: [],
    benchmarks: [...DEFAULT_BOARD_QUERY.benchmarks],
    columns: [...DEFAULT_BOARD_QUERY.columns],
    pinned: [],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// URL parameters

type ParamResult = { ok: true } | { ok: false; message: string };
const fine: ParamResult = { ok: true };
const bad = (message: string): ParamResult => ({ ok: false, message });

/** Splits a comma list, checks every item is allowed, dedupes and keeps `allowed` order. */
function closedList<T extends string>(value: string, allowed: readonly T[]): T[] | string {
  const items = value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  for (const item of items) {
    if (!(allowed as readonly string[]).includes(item)) return `"${item}" is not one of ${allowed.join(", ")}`;
  }
  return allowed.filter((a) => items.includes(a));
}

function oneOf<T extends string>(value: string, allowed: readonly T[]): T | string {
  return (allowed as readonly string[]).includes(value) ? (value as T) : `must be one of ${allowed.join(", ")}`;
}

function nonNegativeInteger(value: string): number | null {
  return /^\d{1,9}$/.test(value) ? Number(value) : null;
}

function bound(value: string): number | null | undefined {
  const v = value.trim();
  if (v === "") return null;
  if (!/^\d+(\.\d+)?$/.test(v)) return undefined;
  return Number(v);
}

interface BoardParameter {
  description: string;
  /** Reads the parameter's value into the query, or says why it cannot. */
  read(value: string, into: BoardQuery): ParamResult;
  /** The parameter's value for a query, or null when it has its default. */
  write(query: BoardQuery): string | null;
}

const listParam = <K extends "types" | "precision" | "hide" | "benchmarks" | "columns">(
  key: K,
  allowed: readonly BoardQuery[K][number][],
  description: string,
  allowEmpty: boolean,
): BoardParameter => ({
  description,
  read(value, into) {
    const list = closedList(value, allowed);
    if (typeof list === "string") return bad(list);
    if (!allowEmpty && list.length === 0) return bad("must name at least one value");
    into[key] = list as BoardQuery[K];
    return fine;
  },
  write(query) {
    const list = query[key] as readonly string[];
    const def = DEFAULT_BOARD_QUERY[key] as readonly string[];
    return list.length === def.length && list.every((v, i) => v === def[i]) ? null : list.join(",");
  },
});

const choiceParam = <K extends "sort" | "order" | "scores" | "rank" | "average">(
  key: K,
  allowed: readonly BoardQuery[K][],
  description: string,
): BoardParameter => ({
  description,
  read(value, into) {
    const choice = oneOf(value, allowed as readonly string[]);
    if (!(allowed as readonly string[]).includes(choice)) return bad(choice);
    into[key] = choice as BoardQuery[K];
    return fine;
  },
  write: (query) => (query[key] === DEFAULT_BOARD_QUERY[key] ? null : query[key]),
});

/**
 * Every query parameter of the board with its reader and writer: the single definition behind the API's zod
 * schema, `boardQueryFromParams` and `boardQueryToParams`. Writing order is the order here.
 */
export const BOARD_PARAMETERS: Readonly<Record<string, BoardParameter>> = {
  search: {
    description:
      "Old-board search: `;` separates queries combined with OR; inside one, free text (substring of the model id, " +
      "or a case-insensitive regular expression when it has special characters) AND `@architecture:` `@license:` " +
      "`@precision:` `@type:` terms. Example: `meta @architecture:llama; 7b @license:apache`.",
    read(value, into) {
      const parsed = parseSearch(value);
      if (!parsed.ok) return bad(parsed.message);
      into.search = value.trim();
      return fine;
    },
    write: (q) => (q.search === "" ? null : q.search),
  },
  types: listParam("types", MODEL_TYPES, `Model types to show, comma-separated: ${MODEL_TYPES.join(", ")}`, true),
  precision: listParam("precision", PRECISIONS, `Precisions to show, comma-separated: ${PRECISIONS.join(", ")}`, true),
  params: {
    description: "Size range in billions of parameters, `min,max` inclusive; either bound may be empty (`7,` or `,3`).",
    read(value, into) {
      const parts = value.split(",");
      if (parts.length !== 2) return bad("must be `min,max` in billions, e.g. `7,65`");
      const min = bound(parts[0] ?? "");
      const max = bound(parts[1] ?? "");
      if (min === undefined || max === undefined) return bad("bounds must be non-negative numbers, e.g. `7,65`");
      if (min !== null && max !== null && min > max) return bad("min must not exceed max");
      into.paramsMin = min;
      into.paramsMax = max;
      return fine;
    },
    write: (q) => (q.paramsMin === null && q.paramsMax === null ? null : `${q.paramsMin ?? ""},${q.paramsMax ?? ""}`),
  },
  hide: listParam("hide", HIDE_KEYS, `Rows to hide, comma-separated: ${HIDE_KEYS.join(", ")}`, true),
  official: {
    description: "`true`: only models from official providers.",
    read(value, into) {
      if (value !== "true" && value !== "false") return bad("must be true or false");
      into.official = value === "true";
      return fine;
    },
    write: (q) => (q.official ? "true" : null),
  },
  sort: choiceParam("sort", SORT_KEYS, `Column to sort on: ${SORT_KEYS.join(", ")} (default average)`),
  order: choiceParam("order", ["asc", "desc"], "Sort order, asc or desc (default desc); missing values always last"),
  scores: choiceParam("scores", ["normalized", "raw"], "Benchmark values shown and sorted on (default normalized)"),
  rank: choiceParam("rank", ["static", "dynamic"], "static: rank on the whole board; dynamic: within the filter"),
  average: choiceParam("average", ["all", "visible"], "Average over all six benchmarks or only `benchmarks`"),
  benchmarks: listParam(
    "benchmarks",
    BENCHMARK_KEYS,
    `Visible benchmark columns, comma-separated: ${BENCHMARK_KEYS.join(", ")}`,
    false,
  ),
  columns: listParam(
    "columns",
    COLUMN_KEYS,
    `Visible optional columns, comma-separated: ${COLUMN_KEYS.join(", ")}`,
    true,
  ),
  pinned: {
    description: `Evaluation ids kept on top whatever the filters, comma-separated (at most ${MAX_PINNED})`,
    read(value, into) {
      const ids = [
        ...new Set(
          value
            .split(",")
            .map((s) => s.trim())
            .filter((s) => s !== ""),
        ),
      ];
      if (ids.length > MAX_PINNED) return bad(`at most ${MAX_PINNED} ids`);
      if (ids.some((id) => id.length > 300)) return bad("an id is longer than 300 characters");
      into.pinned = ids;
      return fine;
    },
    write: (q) => (q.pinned.length === 0 ? null : q.pinned.join(",")),
  },
  limit: {
    description: `Rows per page, 1–${MAX_LIMIT} (default 100)`,
    read(value, into) {
      const n = nonNegativeInteger(value);
      if (n === null || n < 1 || n > MAX_LIMIT) return bad(`must be an integer from 1 to ${MAX_LIMIT}`);
      into.limit = n;
      return fine;
    },
    write: (q) => (q.limit === DEFAULT_BOARD_QUERY.limit ? null : String(q.limit)),
  },
  offset: {
    description: "Rows to skip (default 0)",
    read(value, into) {
      const n = nonNegativeInteger(value);
      if (n === null) return bad("must be a non-negative integer");
      into.offset = n;
      return fine;
    },
    write: (q) => (q.offset === 0 ? null : String(q.offset)),
  },
};

export type BoardQueryResult = { ok: true; query: BoardQuery } | { ok: false; parameter: string; message: string };

/**
 * The query a URL describes. Unknown parameters are ignored; list parameters may repeat (`types=a&types=b`);
 * the first invalid parameter fails the whole query with its name and what is wrong.
 */
export function boardQueryFromParams(params: URLSearchParams): BoardQueryResult {
  const query = defaultBoardQuery();
  for (const [name, parameter] of Object.entries(BOARD_PARAMETERS)) {
    const values = params.getAll(name);
    if (values.length === 0) continue;
    const result = parameter.read(values.join(","), query);
    if (!result.ok) return { ok: false, parameter: name, message: result.message };
  }
  return { ok: true, query };
}

/** The URL parameters of a query, only those that differ from the default, in a fixed order: a short, stable URL. */
export function boardQueryToParams(query: BoardQuery): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, parameter] of Object.entries(BOARD_PARAMETERS)) {
    const value = parameter.write(query);
    if (value !== null) params.set(name, value);
  }
  return params;
}

/** True for the board's front view (no filter, no pin, ranked by the six-benchmark average, best first). */
export function isDefaultView(query: BoardQuery): boolean {
  const params = boardQueryToParams(query);
  params.delete("limit");
  params.delete("offset");
  params.delete("columns");
  params.delete("benchmarks");
  params.delete("scores");
  if (query.average === "visible" && query.benchmarks.length !== BENCHMARK_KEYS.length) return false;
  params.delete("average");
  return params.size === 0;
}

// ---------------------------------------------------------------------------------------------------------------
// The engine

export interface RankedRow {
  rank: number;
  /** The average in the query's mode (all six, or the visible benchmarks). */
  average: number | null;
  pinned: boolean;
  row: CompactRow;
}

export interface BoardResult {
  rows: RankedRow[];
  /** Rows in the whole view (pinned included) before paging. */
  total: number;
}

/** Per-board work done once and reused by every query on the same rows array. */
interface Prepared {
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
  averageOrders: Map<string, Uint32Array>;
  staticRanks: Map<string, Float64Array>;
  orders: Map<string, Uint32Array>;
}

const preparedBoards = new WeakMap<readonly CompactRow[], Prepared>();

function prepare(rows: readonly CompactRow[]): Prepared {
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
    p.type[i] = `${r.type} ${MODEL_TYPE_LABELS[r.type].label}`.toLowerCase();
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

function indices(n: number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/** Which benchmarks the average is over, as a cache key ("all" or e.g. "0,2,5"). */
function averageKey(query: BoardQuery): string {
  if (query.average === "all" || query.benchmarks.length === BENCHMARK_KEYS.length) return "all";
  return query.benchmarks.map((k) => BENCHMARK_KEYS.indexOf(k)).join(",");
}

/** Effective averages (NaN for missing), per average key. */
function averagesFor(p: Prepared, key: string): Float64Array {
  const cached = p.averages.get(key);
  if (cached) return cached;
  const n = p.rows.length;
  const out = new Float64Array(n);
  const columns = key === "all" ? null : key.split(",").map(Number);
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

/** Row indices by effective average, best first, missing last, canonical order within ties. */
function averageOrderFor(p: Prepared, key: string): Uint32Array {
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
function rankWalk(
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

function staticRanksFor(p: Prepared, key: string): Float64Array {
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
function orderFor(p: Prepared, query: BoardQuery, avgKey: string): Uint32Array {
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

/** Parsed clauses of a search (parseSearch remembers the last one); null when the text does not parse. */
function clausesOf(text: string): SearchClause[] | null {
  const parsed = parseSearch(text);
  return parsed.ok ? parsed.clauses : null;
}

/**
 * The view a query asks for: rows passing every filter (an unparseable search passes none), ranked (ties share
 * a rank; static over the whole board, dynamic within the view), sorted (missing values last, then by average),
 * pinned rows first in pin order whatever the filters, then paged. Treat `rows` as immutable: per-board work is
 * cached against the array, so repeated queries (every keystroke in the island) cost one linear pass.
 */
export function applyBoard(rows: readonly CompactRow[], query: BoardQuery): BoardResult {
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
      return {
        rank: ranks[i] as number,
        average: Number.isNaN(avg) ? null : avg,
        pinned: pinnedIndex.has(i),
        row: rows[i] as CompactRow,
      };
    }),
  };
}
