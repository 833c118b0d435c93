/**
 * The board's JSON: a leaderboard entry (as the API, the exports and the feed's consumers read it), a page of a
 * view, and the mapper from an engine row. Snake case, as the API's consumers (Python notebooks, shell scripts)
 * expect.
 */
import { z } from "@hono/zod-openapi";
import { BENCHMARK_KEYS, type BenchmarkKey } from "../domain/benchmarks";
import type { RankedRow } from "../domain/board/engine";
import type { BoardQuery } from "../domain/board/query";
import { hubUrl } from "../domain/ids";
import { CI_SOURCES, ci95, isEstimated } from "../domain/statistics";

/** How the API words the method, once for every route that shows intervals. */
export const INTERVALS_DESCRIPTION =
  "Intervals (the method: /about#intervals): `ci95` is the half-width of a score's 95% interval (1.96 standard errors, from " +
  "the harness's stderr values through the normalization, or the binomial estimate from the item count where " +
  "it wrote none), `average_ci95` the average's, `rank_range` `[best, worst]` the ranks a row is statistically " +
  "tied with. `ci_source` is `harness` when the harness wrote every stderr it computes (IFEval's " +
  "instruction-level accuracy never has one and always takes the estimate, so a benchmark's own `ci_source` says " +
  "`estimated` for IFEval on every run), `estimated` when another stderr was missing and for every row seeded " +
  "from the old leaderboard, whose data has none.";

const ciSource = z.enum(CI_SOURCES).nullable();

export const score = z
  .object({
    raw: z.number().nullable().openapi({ description: "Harness value, 0–1" }),
    normalized: z.number().nullable().openapi({ description: "Normalized against the random baseline, 0–100" }),
    ci95: z
      .number()
      .nullable()
      .openapi({
        description:
          "Half-width of the 95% interval: in normalized points, or raw 0–1 where the view asks `scores=raw`; null " +
          "without a standard error",
      }),
    ci_source: ciSource.openapi({
      description: "`harness` when every stderr behind this score is the harness's own, else `estimated`",
    }),
  })
  .openapi("Score");
export type ScoreJson = z.infer<typeof score>;

export const scores = z.object(
  Object.fromEntries(BENCHMARK_KEYS.map((k) => [k, score])) as Record<BenchmarkKey, typeof score>,
);

export const rankRange = z
  .tuple([z.number().int(), z.number().int()])
  .nullable()
  .openapi({
    description:
      "`[best, worst]`: the ranks this row is statistically tied with, within the ranking set of the rank mode " +
      "(the whole board, or the view), for the average being ranked; null without an average or its SE",
  });

export const rowCi95 = {
  average_ci95: z.number().nullable().openapi({ description: "Half-width of the average's 95% interval, in points" }),
  ci_source: ciSource.openapi({
    description: "`harness` or `estimated` (see the intervals method); null on rows stored before intervals were",
  }),
};

/** A benchmark's score as JSON, its interval in the scale asked for. */
export function scoreJson(
  values: { raw: number | null; normalized: number | null; se: number | null; seRaw: number | null },
  estimated: boolean,
  scale: BoardQuery["scores"],
): ScoreJson {
  const se = scale === "raw" ? values.seRaw : values.se;
  return {
    raw: values.raw,
    normalized: values.normalized,
    ci95: se === null ? null : ci95(se),
    ci_source: se === null ? null : estimated ? "estimated" : "harness",
  };
}

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
    ...rowCi95,
    rank_range: rankRange,
    scores,
    co2_kg: z.number().openapi({ description: "−1 when unknown" }),
    submission_date: z.string().nullable(),
    pinned: z.boolean(),
    provisional: z.boolean().openapi({
      description: "A provisional run (only with `verification=all`): no other evaluator has reproduced it yet",
    }),
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

/** The API shape of an engine row; `average` is the view's average, intervals in the view's scale. */
export function boardEntryJson(ranked: RankedRow, scale: BoardQuery["scores"] = "normalized"): BoardEntry {
  const r = ranked.row;
  const rowScores = {} as Record<BenchmarkKey, ScoreJson>;
  BENCHMARK_KEYS.forEach((key, i) => {
    const values = {
      raw: r.raw[i] ?? null,
      normalized: r.normalized[i] ?? null,
      se: r.se[i] ?? null,
      seRaw: r.seRaw[i] ?? null,
    };
    rowScores[key] = scoreJson(values, isEstimated(r.seEstimated, i), scale);
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
    average_ci95: ranked.averageSe === null ? null : ci95(ranked.averageSe),
    ci_source: r.ciSource,
    rank_range: ranked.rankRange,
    scores: rowScores,
    co2_kg: r.co2,
    submission_date: r.submissionDate,
    pinned: ranked.pinned,
    provisional: r.provisional,
  };
}

/** A board view as the API answers it: its entries in the unit asked, the version, and the day it shows. */
export function boardPageJson(
  view: { rows: readonly RankedRow[]; total: number; firstDate: string | null },
  query: BoardQuery,
  version: string,
) {
  return {
    data: view.rows.map((r) => boardEntryJson(r, query.scores)),
    total: view.total,
    version,
    as_of: query.asOf,
    first_date: view.firstDate,
  };
}
