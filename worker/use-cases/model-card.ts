/**
 * A model's results as model-card metadata (domain/model-card.ts): the `model-index` YAML and the Markdown table
 * of its best ranked evaluation, the one its badges show, pointing back to its Podium page. The API serves each;
 * the model page shows both to copy.
 */
import { BENCHMARK_KEYS, type BenchmarkKey } from "../domain/benchmarks";
import { idPath } from "../domain/ids";
import { type ModelCardInput, modelCardMarkdown, modelIndexYaml } from "../domain/model-card";
import { done, type Outcome, refused } from "../domain/refusals";
import type { Precision } from "../domain/vocabulary";
import type { Db } from "../store/db";
import type { EvaluationRow } from "../store/evaluations";
import type { ModelHistory } from "../store/read/model-history";
import { modelRecord } from "./board";

/** The name the cards give the leaderboard, in the `source` of every entry and the Markdown heading. */
export const CARD_SOURCE_NAME = "Podium";

export interface ModelCard {
  /** The evaluation the card shows. */
  evaluationId: string;
  modelIndex: string;
  markdown: string;
}

/**
 * The evaluation a card shows: the ranked one with the highest average (of `precision` when given), ties broken
 * by precision then id, as the badges pick it (store/read/standings.ts).
 */
function cardEvaluation(history: ModelHistory, precision?: Precision): EvaluationRow | undefined {
  const ranked = history.evaluations.filter(
    (e) => e.status === "ranked" && e.average !== null && (precision === undefined || e.precision === precision),
  );
  const order = (a: EvaluationRow, b: EvaluationRow) =>
    (b.average ?? 0) - (a.average ?? 0) ||
    (a.precision < b.precision ? -1 : a.precision > b.precision ? 1 : 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return ranked.sort(order)[0];
}

/**
 * The card of a model's history, or a refusal when it has no ranked evaluation (of that precision). The card
 * format has no precision field, so the source URL carries the evaluation's precision: the numbers stay tied to
 * the run they come from when the model ranks at several.
 */
export function cardOfHistory(
  history: ModelHistory,
  origin: string,
  precision?: Precision,
): Outcome<ModelCard, "not_ranked"> {
  const evaluation = cardEvaluation(history, precision);
  if (!evaluation) return refused({ reason: "not_ranked", modelId: history.model.id, precision: precision ?? null });
  const scores = Object.fromEntries(BENCHMARK_KEYS.map((key) => [key, evaluation[key]])) as Record<
    BenchmarkKey,
    number | null
  >;
  const page = `${origin}/models/${idPath(history.model.id)}?${new URLSearchParams({ precision: evaluation.precision })}`;
  const input: ModelCardInput = {
    modelId: history.model.id,
    scores,
    average: evaluation.average,
    source: { name: CARD_SOURCE_NAME, url: page },
  };
  return done({ evaluationId: evaluation.id, modelIndex: modelIndexYaml(input), markdown: modelCardMarkdown(input) });
}

/** The card of a model (its id in any case), refused for an unknown model or one with no ranked evaluation. */
export async function modelCard(
  db: Db,
  version: string,
  id: string,
  origin: string,
  precision?: Precision,
): Promise<Outcome<ModelCard, "no_model" | "not_ranked">> {
  const record = await modelRecord(db, version, id);
  return record.ok ? cardOfHistory(record.value, origin, precision) : record;
}
