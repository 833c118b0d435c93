/**
 * The board's JSON: a leaderboard entry (as the API, the exports and the feed's consumers read it), a page of a
 * view, and the mapper from an engine row. Snake case, as the API's consumers (Python notebooks, shell scripts)
 * expect.
 */
import { z } from "@hono/zod-openapi";
import { BENCHMARK_KEYS, type BenchmarkKey, type Score } from "../domain/benchmarks";
import type { RankedRow } from "../domain/board/engine";
import { hubUrl } from "../domain/ids";

export const score = z
  .object({
    raw: z.number().nullable().openapi({ description: "Harness value, 0–1" }),
    normalized: z.number().nullable().openapi({ description: "Normalized against the random baseline, 0–100" }),
  })
  .openapi("Score");

export const scores = z.object(
  Object.fromEntries(BENCHMARK_KEYS.map((k) => [k, score])) as Record<BenchmarkKey, typeof score>,
);

export const modelSummary = z
  .object({
    id: z.string().openapi({ description: "Hub id, `org/name` (legacy ids have no org)" }),
    type: z.string(),
    architecture: z.string().nullable(),
    params_billions: z.number().nullable(),
    license: z.string().nullable(),
    likes: z.number().int(),
    merged: z.boolean(),
    moe: z.boolean(),
    flagged: z.boolean(),
    official_provider: z.boolean(),
    available_on_hub: z.boolean(),
    base_model: z.string().nullable(),
    generation: z.number().int(),
    upload_date: z.string().nullable(),
    hub_url: z.string(),
  })
  .openapi("ModelSummary");
export type ModelSummary = z.infer<typeof modelSummary>;

export const boardEntry = z
  .object({
    rank: z.number().int().openapi({ description: "Static (whole board) or dynamic (within the view) rank" }),
    evaluation_id: z.string(),
    model: modelSummary,
    revision: z.string(),
    precision: z.string(),
    weight_type: z.string(),
    chat_template: z.boolean(),
    average: z.number().nullable().openapi({ description: "Average in the view's mode (all or visible)" }),
    scores,
    co2_kg: z.number().openapi({ description: "−1 when unknown" }),
    submission_date: z.string().nullable(),
    pinned: z.boolean(),
  })
  .openapi("BoardEntry");
export type BoardEntry = z.infer<typeof boardEntry>;

export const boardPage = z
  .object({
    data: z.array(boardEntry),
    total: z.number().int().openapi({ description: "Rows in the whole view, pinned included" }),
    version: z.string().openapi({ description: "Data version the answer was computed from" }),
    as_of: z
      .string()
      .nullable()
      .openapi({ description: "The day (UTC) whose board this is, as asked with `as_of`; null: the board now" }),
    first_date: z.string().nullable().openapi({
      description: "The board's first day with data: a view as of an earlier day is empty (null: no data yet)",
    }),
  })
  .openapi("BoardPage");
export type BoardPage = z.infer<typeof boardPage>;

/** The API shape of an engine row; `average` is the view's average. */
export function boardEntryJson(ranked: RankedRow): BoardEntry {
  const r = ranked.row;
  const rowScores = {} as Record<BenchmarkKey, Score>;
  BENCHMARK_KEYS.forEach((key, i) => {
    rowScores[key] = { raw: r.raw[i] ?? null, normalized: r.normalized[i] ?? null };
  });
  return {
    rank: ranked.rank,
    evaluation_id: r.id,
    model: {
      id: r.model,
      type: r.type,
      architecture: r.architecture,
      params_billions: r.params,
      license: r.license,
      likes: r.likes,
      merged: r.merged,
      moe: r.moe,
      flagged: r.flagged,
      official_provider: r.official,
      available_on_hub: r.available,
      base_model: r.baseModel,
      generation: r.generation,
      upload_date: r.uploadDate,
      hub_url: hubUrl(r.model),
    },
    revision: r.revision,
    precision: r.precision,
    weight_type: r.weightType,
    chat_template: r.chatTemplate,
    average: ranked.average,
    scores: rowScores,
    co2_kg: r.co2,
    submission_date: r.submissionDate,
    pinned: ranked.pinned,
  };
}
