/** One model with its whole evaluation history, for the model API (and the model page, which shows the same). */
import { z } from "@hono/zod-openapi";
import { scoresOf } from "../domain/benchmarks";
import { hubUrl } from "../domain/ids";
import type { Provenance } from "../domain/provenance";
import { iso } from "../domain/time";
import { VERIFICATIONS } from "../domain/verification";
import { flagJson, modelFlagJson } from "./moderation-admin";
import type { ModelRow } from "../store/models";
import type { ModelHistory } from "../store/read/model-history";
import { type ModelSummary, modelSummary, scores } from "./board";

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
    average: z.number().nullable(),
    scores,
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
    model: modelSummary,
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

/** The public summary of a model row. */
export function modelSummaryJson(model: ModelRow): ModelSummary {
  return {
    id: model.id,
    type: model.type,
    architecture: model.architecture,
    params_billions: model.paramsBillions,
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

/** The API document of a model and its history, each ranked evaluation with its board rank. */
export function modelDetailJson(history: ModelHistory): ModelDetail {
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
      average: e.average,
      scores: scoresOf(e),
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
  return {
    model: modelSummaryJson(history.model),
    evaluations,
    ranks: evaluations.flatMap((e) =>
      e.rank === null ? [] : [{ evaluation_id: e.id, precision: e.precision, revision: e.revision, rank: e.rank }],
    ),
    board_size: history.boardSize,
    flags: history.flags.map(modelFlagJson),
  };
}
