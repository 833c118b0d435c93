/**
 * The board's vocabulary: one compact row per ranked evaluation, the query every view of the board is, and its
 * defaults. Pure and free of dependencies beyond the registry and the vocabulary, so the server and the browser
 * island share it (./params.ts reads and writes it as a URL, ./engine.ts answers it).
 */
import type { BenchmarkKey } from "../benchmarks";
import { BENCHMARK_KEYS } from "../benchmarks";
import type { CiSource } from "../statistics";
import type { ModelType, Precision, WeightType } from "../vocabulary";

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
  /** The reason of the model's newest flag not lifted (the row's tooltip); null when it has none. */
  flagReason: string | null;
  /** A provisional run, listed only with `verification=all`: no other evaluator has reproduced it yet. */
  provisional: boolean;
  /** Mean of the six normalized scores. */
  average: number | null;
  /** 0–1, one per benchmark in BENCHMARK_KEYS order. */
  raw: (number | null)[];
  /** 0–100, one per benchmark in BENCHMARK_KEYS order. */
  normalized: (number | null)[];
  /** Standard errors in points, one per benchmark in BENCHMARK_KEYS order (domain/statistics.ts); null if none. */
  se: (number | null)[];
  /** Standard errors on the raw 0–1 scale, one per benchmark in BENCHMARK_KEYS order. */
  seRaw: (number | null)[];
  /** Bit i set when benchmark i's SE is the binomial estimate rather than the harness's. */
  seEstimated: number;
  /** Where the row's intervals come from; null on a row stored before intervals were. */
  ciSource: CiSource | null;
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
  /**
   * The board as it stood at the end of this UTC day (`YYYY-MM-DD`): each row's run submitted by then that the
   * verification rule shows (store/read/board-as-of.ts), ranked among those. Null: the board now.
   */
  asOf: string | null;
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
  /** `verified`: only verified runs; `all`: also provisional ones (domain/verification.ts). */
  verification: "verified" | "all";
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
  asOf: null,
  search: "",
  types: [],
  precision: [],
  paramsMin: null,
  paramsMax: null,
  hide: [],
  official: false,
  verification: "verified",
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
