/**
 * Response shapes of the API routes, as zod schemas: the OpenAPI document describes every field from these, and
 * the typed handlers must return data that fits them.
 */
import { z } from "@hono/zod-openapi";
import type { ZodType } from "zod";
import { BENCHMARK_KEYS } from "../domain/benchmarks";

export const errorEnvelope = z
  .object({
    error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
  })
  .openapi("Error");

/** A JSON response of a schema. */
export function jsonContent<T extends ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } };
}

export const errorResponses = {
  400: jsonContent(errorEnvelope, "A parameter is invalid; `error.details[0].path` names it"),
  304: { description: "Not modified (If-None-Match matched the ETag)" },
} as const;

const score = z
  .object({
    raw: z.number().nullable().openapi({ description: "Harness value, 0–1" }),
    normalized: z.number().nullable().openapi({ description: "Normalized against the random baseline, 0–100" }),
  })
  .openapi("Score");

const scores = z.object(Object.fromEntries(BENCHMARK_KEYS.map((k) => [k, score])) as Record<string, typeof score>);

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

export const boardPage = z
  .object({
    data: z.array(boardEntry),
    total: z.number().int().openapi({ description: "Rows in the whole view, pinned included" }),
    version: z.string().openapi({ description: "Data version the answer was computed from" }),
  })
  .openapi("BoardPage");

const subtaskScore = z.object({ metric: z.string(), value: z.number(), stderr: z.number().nullable() });

export const modelDetail = z
  .object({
    model: modelSummary,
    evaluations: z.array(
      z
        .object({
          id: z.string(),
          status: z.string().openapi({ description: "ranked, superseded or partial" }),
          revision: z.string(),
          precision: z.string(),
          weight_type: z.string(),
          chat_template: z.boolean(),
          average: z.number().nullable(),
          scores,
          subtasks: z.record(z.string(), subtaskScore).nullable(),
          co2_kg: z.number(),
          source: z.string(),
          evaluator_id: z.string().nullable(),
          submission_date: z.string().nullable(),
          created_at: z.string(),
          provenance: z
            .record(z.string(), z.unknown())
            .openapi({ description: "Evaluator, harness version and commit, chat template, hardware, …" }),
          rank: z.number().int().nullable(),
        })
        .openapi("EvaluationDetail"),
    ),
    ranks: z.array(
      z.object({ evaluation_id: z.string(), precision: z.string(), revision: z.string(), rank: z.number().int() }),
    ),
    board_size: z.number().int(),
  })
  .openapi("ModelDetail");

export const benchmarkRegistry = z
  .object({
    formula: z.string(),
    average: z.string(),
    data: z.array(
      z
        .object({
          key: z.string(),
          title: z.string(),
          description: z.string(),
          shots: z.number().int(),
          items: z.number().int(),
          aggregation: z.string(),
          tasks: z.array(z.object({ task: z.string(), metric: z.string(), baseline: z.number() })),
          normalization: z.string(),
        })
        .openapi("Benchmark"),
    ),
  })
  .openapi("BenchmarkRegistry");
