/** One model with its whole evaluation history, for the model API (and the model page, which shows the same). */
import { z } from "@hono/zod-openapi";
import { BENCHMARK_KEYS, type BenchmarkKey, rawColumn, seColumn, seRawColumn } from "../domain/benchmarks";
import { hubUrl } from "../domain/ids";
import type { Provenance } from "../domain/provenance";
import { averageSe, ci95, isEstimated } from "../domain/statistics";
import { iso } from "../domain/time";
import { VERIFICATIONS } from "../domain/verification";
import { flagJson, modelFlagJson } from "./moderation-admin";
import type { EvaluationRow } from "../store/evaluations";
import type { ModelRow } from "../store/models";
import type { ModelHistory } from "../store/read/model-history";
import { type ModelSummary, modelSummary, rankRange, rowCi95, type ScoreJson, scoreJson, scores } from "./board";

const subtaskScore = z.object({ metric: z.string(), value: z.number(), stderr: z.number().nullable() });

export const evaluationDetail = z
  .object({
    id: z.string(),
    status: z.string().openapi({
      description:
        "Its board place: ranked (its group's row), candidate (the row only `verification=all` lists), superseded, " +
        "or partial",
    }),
    verification: z.enum(VERIFICATIONS).openapi({
      description: "seed, trusted, reproduced, accepted (verified); provisional, disputed, rejected",
    }),
    comparisons: z
      .array(
        z.object({
          compared_id: z.string().openapi({ description: "The other run of the same group" }),
          agreed: z.boolean(),
          differences: z
            .record(z.string(), z.number().nullable())
            .openapi({ description: "Normalized points per benchmark, this run minus the other" }),
          tolerance: z.number(),
          at: z.string(),
        }),
      )
      .openapi({ description: "Every comparison with another source's run of its group" }),
    history: z
      .array(
        z.object({
          at: z.string(),
          verification: z.enum(VERIFICATIONS),
          reason: z.string(),
          actor: z.string().nullable(),
        }),
      )
      .openapi({ description: "Every change of its verification, oldest first, with why" }),
    revision: z.string(),
    precision: z.string(),
    weight_type: z.string(),
    chat_template: z.boolean(),
    type: z.string().openapi({ description: "The model type this run was submitted as" }),
    architecture: z.string().nullable(),
    params_billions: z.number().nullable().openapi({ description: "The size evaluated, in billions of parameters" }),
    average: z.number().nullable(),
    ...rowCi95,
    rank_range: rankRange.openapi({
      description: "`[best, worst]` on the whole board by the six-benchmark average now; null unless ranked",
    }),
    scores: scores.openapi({ description: "Each benchmark's raw and normalized score, `ci95` in normalized points" }),
    subtasks: z.record(z.string(), subtaskScore).nullable().openapi({
      description: "Every harness task and subtask received; null for seeded rows (the old data has none)",
    }),
    co2_kg: z.number(),
    source: z.string(),
    evaluator_id: z.string().nullable(),
    submission_date: z.string().nullable(),
    created_at: z.string(),
    provenance: z
      .record(z.string(), z.unknown())
      .openapi({ description: "Evaluator, harness version and commit, chat template, hardware, …" }),
    rank: z.number().int().nullable().openapi({ description: "Static rank on the board now; null unless ranked" }),
  })
  .openapi("EvaluationDetail");
/** An evaluation as the API shows it; its provenance keeps the stored type (the schema documents it loosely). */
export type EvaluationDetail = Omit<z.infer<typeof evaluationDetail>, "provenance"> & { provenance: Provenance };

export const modelDetail = z
  .object({
    model: modelSummary.openapi({
      description:
        "The model; its type, architecture and size are those of its best-ranked evaluation (else its newest), " +
        "as each evaluation carries its own",
    }),
    evaluations: z.array(evaluationDetail),
    ranks: z
      .array(
        z.object({ evaluation_id: z.string(), precision: z.string(), revision: z.string(), rank: z.number().int() }),
      )
      .openapi({ description: "Current rank of each ranked evaluation (a model can rank at several precisions)" }),
    board_size: z.number().int(),
    flags: z.array(flagJson).openapi({ description: "Flags set by the admins, lifted ones included" }),
  })
  .openapi("ModelDetail");
export type ModelDetail = Omit<z.infer<typeof modelDetail>, "evaluations"> & { evaluations: EvaluationDetail[] };

const nullableCi95 = (se: number | null) => (se === null ? null : ci95(se));

/** The facts of one run that describe its model: what the old board recorded per evaluation. */
type RunFacts = Pick<EvaluationRow, "type" | "architecture" | "paramsBillions">;

/** The old data marks an unknown size with a negative number. */
const sizeOf = (params: number | null) => (params === null || params < 0 ? null : params);

/** The public summary of a model row, with the type, architecture and size of one of its runs. */
export function modelSummaryJson(model: ModelRow, run: RunFacts | undefined): ModelSummary {
  return {
    id: model.id,
    type: run?.type ?? "other",
    architecture: run?.architecture ?? null,
    params_billions: sizeOf(run?.paramsBillions ?? null),
    license: model.license,
    likes: model.likes,
    merged: model.merged,
    moe: model.moe,
    flagged: model.flagged,
    official_provider: model.officialProvider,
    available_on_hub: model.availableOnHub,
    base_model: model.baseModel,
    generation: model.generation,
    upload_date: model.uploadDate,
    hub_url: hubUrl(model.id),
  };
}

/** A stored evaluation's scores with their intervals in normalized points. */
function evaluationScores(e: EvaluationRow): Record<BenchmarkKey, ScoreJson> {
  const out = {} as Record<BenchmarkKey, ScoreJson>;
  BENCHMARK_KEYS.forEach((k, i) => {
    const values = { raw: e[rawColumn(k)], normalized: e[k], se: e[seColumn(k)], seRaw: e[seRawColumn(k)] };
    out[k] = scoreJson(values, isEstimated(e.seEstimated, i), "normalized");
  });
  return out;
}

/**
 * The API document of a model and its history, each ranked evaluation with its board rank and its rank range on
 * the whole board (`ranges`, by evaluation id).
 */
export function modelDetailJson(history: ModelHistory, ranges: Record<string, [number, number]> = {}): ModelDetail {
  const evaluations = history.evaluations.map(
    (e): EvaluationDetail => ({
      id: e.id,
      status: e.status,
      verification: e.verification,
      comparisons: history.comparisons.flatMap((c) => {
        if (c.evaluationId !== e.id && c.comparedId !== e.id) return [];
        // Stored as the pushed run minus the compared one: seen from the compared run, the signs flip.
        const mine = c.evaluationId === e.id;
        const differences = Object.fromEntries(
          Object.entries(c.differences).map(([k, d]) => [k, d === null || mine ? d : -d]),
        );
        const other = mine ? c.comparedId : c.evaluationId;
        return [{ compared_id: other, agreed: c.agreed, differences, tolerance: c.tolerance, at: iso(c.createdAt) }];
      }),
      history: history.events
        .filter((v) => v.evaluationId === e.id)
        .map((v) => ({ at: iso(v.at), verification: v.verification, reason: v.reason, actor: v.actor })),
      revision: e.revision,
      precision: e.precision,
      weight_type: e.weightType,
      chat_template: e.chatTemplate,
      type: e.type,
      architecture: e.architecture,
      params_billions: sizeOf(e.paramsBillions),
      average: e.average,
      average_ci95: e.average === null ? null : nullableCi95(averageSe(BENCHMARK_KEYS.map((k) => e[seColumn(k)]))),
      ci_source: e.ciSource,
      rank_range: ranges[e.id] ?? null,
      scores: evaluationScores(e),
      subtasks: e.subtasks ?? null,
      co2_kg: e.co2Kg,
      source: e.source,
      evaluator_id: e.evaluatorId,
      submission_date: e.submissionDate,
      created_at: iso(e.createdAt),
      provenance: e.provenance,
      rank: history.ranks[e.id] ?? null,
    }),
  );
  const bestRanked = history.evaluations
    .filter((e) => history.ranks[e.id] !== undefined)
    .sort((a, b) => (history.ranks[a.id] as number) - (history.ranks[b.id] as number))[0];
  return {
    model: modelSummaryJson(history.model, bestRanked ?? history.evaluations[0]),
    evaluations,
    ranks: evaluations.flatMap((e) =>
      e.rank === null ? [] : [{ evaluation_id: e.id, precision: e.precision, revision: e.revision, rank: e.rank }],
    ),
    board_size: history.boardSize,
    flags: history.flags.map(modelFlagJson),
  };
}
