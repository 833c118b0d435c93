/**
 * The board as CSV, safe to open in a spreadsheet: text cells that a spreadsheet would read as a formula
 * (starting with = + - @, tab or carriage return) get a leading apostrophe; quoting follows RFC 4180.
 */
import { BENCHMARK_KEYS } from "./benchmarks";
import type { RankedRow } from "./board/engine";
import { ci95 } from "./statistics";

type Cell = string | number | boolean | null;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell: numbers as they are, text defused against formula injection and quoted when needed. */
export function csvCell(value: Cell): string {
  if (value === null) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const HEADER = [
  "rank",
  "model",
  "revision",
  "precision",
  "type",
  "weight_type",
  "architecture",
  "params_billions",
  "license",
  "likes",
  "chat_template",
  "merged",
  "moe",
  "flagged",
  "official_provider",
  "available_on_hub",
  "base_model",
  "generation",
  "upload_date",
  "submission_date",
  "co2_kg",
  "average",
  "average_ci95",
  "rank_best",
  "rank_worst",
  "ci_source",
  ...BENCHMARK_KEYS.flatMap((k) => [k, `${k}_raw`]),
  ...BENCHMARK_KEYS.flatMap((k) => [`${k}_ci95`, `${k}_raw_ci95`]),
  "pinned",
  "evaluation_id",
];

const half = (se: number | null | undefined) => (se == null ? null : ci95(se));

/**
 * The rows as CSV text with a header line; both normalized (0–100) and raw (0–1) scores with the half-widths of
 * their 95% intervals, the rank range, CRLF line ends.
 */
export function boardCsv(rows: readonly RankedRow[]): string {
  const lines = [HEADER.join(",")];
  for (const { rank, rankRange, average, averageSe, pinned, row: r } of rows) {
    const cells: Cell[] = [
      rank,
      r.model,
      r.revision,
      r.precision,
      r.type,
      r.weightType,
      r.architecture,
      r.params,
      r.license,
      r.likes,
      r.chatTemplate,
      r.merged,
      r.moe,
      r.flagged,
      r.official,
      r.available,
      r.baseModel,
      r.generation,
      r.uploadDate,
      r.submissionDate,
      r.co2 < 0 ? null : r.co2,
      average,
      half(averageSe),
      rankRange?.[0] ?? null,
      rankRange?.[1] ?? null,
      r.ciSource,
      ...BENCHMARK_KEYS.flatMap((_, i) => [r.normalized[i] ?? null, r.raw[i] ?? null]),
      ...BENCHMARK_KEYS.flatMap((_, i) => [half(r.se[i]), half(r.seRaw[i])]),
      pinned,
      r.id,
    ];
    lines.push(cells.map(csvCell).join(","));
  }
  return `${lines.join("\r\n")}\r\n`;
}
