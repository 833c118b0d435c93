/**
 * The board's URL codec: every query parameter with its reader and writer, for programs (the API's zod schema,
 * which fails on a bad value) and for people (the page, which sets a bad value aside and explains it).
 */
import { BENCHMARK_KEYS } from "../benchmarks";
import { parseSearch } from "../search";
import { MODEL_TYPES, PRECISIONS } from "../vocabulary";
import {
  type BoardQuery,
  COLUMN_KEYS,
  DEFAULT_BOARD_QUERY,
  defaultBoardQuery,
  HIDE_KEYS,
  MAX_LIMIT,
  MAX_PINNED,
  SORT_KEYS,
} from "./query";

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

/** A `YYYY-MM-DD` that names a real day of the calendar (not 2024-02-30). */
export function isCalendarDay(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, reads years 0–99 as written.
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function bound(value: string): number | null | undefined {
  const v = value.trim();
  if (v === "") return null;
  if (!/^\d+(\.\d+)?$/.test(v)) return undefined;
  return Number(v);
}

/**
 * What a parameter's value is, for the documents that describe it (the OpenAPI schema, and so the clients
 * generated from it); the reader stays the judge of a value. Without one, a parameter is free text.
 */
export type ParameterShape =
  | { kind: "list"; values?: readonly string[] }
  | { kind: "choice"; values: readonly string[]; default: string }
  | { kind: "boolean" }
  | { kind: "integer"; minimum: number; maximum?: number; default: number }
  | { kind: "pattern"; pattern: string };

interface BoardParameter {
  description: string;
  /** The value's type and allowed values, comma-separated for a list. */
  shape?: ParameterShape;
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
  shape: { kind: "list", values: allowed },
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

const choiceParam = <K extends "sort" | "order" | "scores" | "rank" | "average" | "verification">(
  key: K,
  allowed: readonly BoardQuery[K][],
  description: string,
): BoardParameter => ({
  description,
  shape: { kind: "choice", values: allowed, default: DEFAULT_BOARD_QUERY[key] },
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
  as_of: {
    description:
      "The board as it stood at the end of this day (UTC), `YYYY-MM-DD`: each row's run submitted by then (a " +
      "seeded row's submission date, a pushed run's day of receipt) that the verification rule shows, by the runs' " +
      "verification now, ranked among those. Runs with no recorded date are on today's board only. A day before " +
      "the first data is an empty board. Empty: today.",
    shape: { kind: "pattern", pattern: "^\\s*(\\d{4}-\\d{2}-\\d{2})?\\s*$" },
    read(value, into) {
      const day = value.trim();
      if (day === "") {
        into.asOf = null;
        return fine;
      }
      if (!isCalendarDay(day)) return bad("must be a day of the calendar as YYYY-MM-DD, e.g. 2024-09-01");
      into.asOf = day;
      return fine;
    },
    write: (q) => q.asOf,
  },
  search: {
    description:
      "Old-board search: `;` separates queries combined with OR; inside one, free text (substring of the model id, " +
      "or a case-insensitive regular expression when it has special characters) AND `@architecture:` `@license:` " +
      "(substrings) and `@precision:` `@type:` (whole values: `@precision:float16` is not bfloat16) terms. " +
      "Example: `meta @architecture:llama; 7b @license:apache`.",
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
    shape: { kind: "pattern", pattern: "^\\s*(\\d+(\\.\\d+)?)?\\s*,\\s*(\\d+(\\.\\d+)?)?\\s*$" },
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
    shape: { kind: "boolean" },
    read(value, into) {
      if (value !== "true" && value !== "false") return bad("must be true or false");
      into.official = value === "true";
      return fine;
    },
    write: (q) => (q.official ? "true" : null),
  },
  verification: choiceParam(
    "verification",
    ["verified", "all"],
    "verified (default): only runs that are seeded, trusted, reproduced or accepted; all: also each group's " +
      "provisional run while none is verified, marked provisional and ranked among the rest",
  ),
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
    shape: { kind: "list" },
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
    shape: { kind: "integer", minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_BOARD_QUERY.limit },
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
    shape: { kind: "integer", minimum: 0, maximum: 999_999_999, default: 0 },
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

export interface BoardView {
  query: BoardQuery;
  /** What was set aside and why, in words; null when the whole URL was understood. */
  problem: string | null;
}

/**
 * The view these parameters describe. Invalid parameters are dropped one by one (each named in `problem`); an
 * invalid search keeps its text, so the box still shows what was typed, and matches nothing.
 */
export function readBoardView(input: URLSearchParams): BoardView {
  const params = new URLSearchParams(input);
  const problems: string[] = [];
  let badSearch: string | null = null;
  for (let attempt = 0; attempt < 20; attempt++) {
    const parsed = boardQueryFromParams(params);
    if (parsed.ok) {
      const query = badSearch === null ? parsed.query : { ...parsed.query, search: badSearch };
      return { query, problem: problems.length ? problems.join(" ") : null };
    }
    if (parsed.parameter === "search") {
      badSearch = params.getAll("search").join(",");
      problems.push(`The search ${parsed.message}.`);
    } else {
      problems.push(`Ignored “${parsed.parameter}”: ${parsed.message}.`);
    }
    params.delete(parsed.parameter);
  }
  return { query: defaultBoardQuery(), problem: problems.join(" ") };
}

/**
 * True when the parameters already are the short form of `query` (only non-default settings, each once),
 * whatever their order or percent-encoding: such a URL is served as is, any other is redirected to the short one.
 * Parameters that are not the board's (`utm_source`, a cache buster) are not looked at: the view ignores them, and
 * so does its cache key, so the page renders whether or not a cached copy answers.
 */
export function isShortForm(params: URLSearchParams, query: BoardQuery): boolean {
  const short = boardQueryToParams(query);
  const names = new Set([...params.keys()].filter((name) => Object.hasOwn(BOARD_PARAMETERS, name)));
  if (names.size !== short.size) return false;
  for (const name of names) {
    const values = params.getAll(name);
    if (values.length !== 1 || values[0] !== short.get(name)) return false;
  }
  return true;
}
