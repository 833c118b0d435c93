/** The public shape of one model with its whole evaluation history, for the model API (and the model page). */
import type { BenchmarkKey } from "./benchmarks";
import type { ModelSummary, Score } from "./entries";
import { modelSummary, scoresOf } from "./entries";
import type { EvaluationRow, ModelRow } from "../store/evaluations";
import type { Provenance, SubtaskScore } from "../store/schema";

export interface EvaluationDetail {
  id: string;
  status: string;
  revision: string;
  precision: string;
  weight_type: string;
  chat_template: boolean;
  average: number | null;
  scores: Record<BenchmarkKey, Score>;
  /** Every harness task and subtask received: metric, value, stderr. Null for seeded rows (the old data has none). */
  subtasks: Record<string, SubtaskScore> | null;
  co2_kg: number;
  source: string;
  evaluator_id: string | null;
  submission_date: string | null;
  created_at: string;
  provenance: Provenance;
  /** Static rank on the board now; null unless the evaluation is ranked. */
  rank: number | null;
}

export interface ModelDetail {
  model: ModelSummary;
  evaluations: EvaluationDetail[];
  /** Current rank of each ranked evaluation (a model can be ranked at several precisions or revisions). */
  ranks: Array<{ evaluation_id: string; precision: string; revision: string; rank: number }>;
  board_size: number;
}

/** The API document of a model and its history; `ranks` maps ranked evaluation ids to their board rank. */
export function modelDetail(
  model: ModelRow,
  history: readonly EvaluationRow[],
  ranks: Readonly<Record<string, number>>,
  boardSize: number,
): ModelDetail {
  const evaluations = history.map(
    (e): EvaluationDetail => ({
      id: e.id,
      status: e.status,
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
      created_at: new Date(e.createdAt).toISOString(),
      provenance: e.provenance,
      rank: ranks[e.id] ?? null,
    }),
  );
  return {
    model: modelSummary(model),
    evaluations,
    ranks: evaluations
      .filter((e) => e.rank !== null)
      .map((e) => ({ evaluation_id: e.id, precision: e.precision, revision: e.revision, rank: e.rank as number })),
    board_size: boardSize,
  };
}
