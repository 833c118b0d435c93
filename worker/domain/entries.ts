/**
 * The public shape of a leaderboard entry, shared by the JSON API, the exports and the pages. Snake case, as
 * the API's consumers (Python notebooks, shell scripts) expect.
 */
import type { BenchmarkKey } from "./benchmarks";
import { BENCHMARK_KEYS } from "./benchmarks";
import type { EvaluationRow, ModelRow } from "../store/evaluations";
import type { RankedRow } from "./board";

export interface Score {
  raw: number | null;
  normalized: number | null;
}

export interface ModelSummary {
  id: string;
  type: string;
  architecture: string | null;
  params_billions: number | null;
  license: string | null;
  likes: number;
  merged: boolean;
  moe: boolean;
  flagged: boolean;
  official_provider: boolean;
  available_on_hub: boolean;
  base_model: string | null;
  generation: number;
  upload_date: string | null;
  hub_url: string;
}

export interface LeaderboardEntry {
  rank: number;
  evaluation_id: string;
  model: ModelSummary;
  revision: string;
  precision: string;
  weight_type: string;
  chat_template: boolean;
  average: number | null;
  scores: Record<BenchmarkKey, Score>;
  co2_kg: number;
  submission_date: string | null;
}

const scoreColumns: Record<BenchmarkKey, { raw: keyof EvaluationRow; normalized: keyof EvaluationRow }> = {
  ifeval: { raw: "ifevalRaw", normalized: "ifeval" },
  bbh: { raw: "bbhRaw", normalized: "bbh" },
  math: { raw: "mathRaw", normalized: "math" },
  gpqa: { raw: "gpqaRaw", normalized: "gpqa" },
  musr: { raw: "musrRaw", normalized: "musr" },
  mmlu_pro: { raw: "mmluProRaw", normalized: "mmluPro" },
};

/** The Hub page of a model id. */
export function hubUrl(modelId: string): string {
  return `https://huggingface.co/${modelId.split("/").map(encodeURIComponent).join("/")}`;
}

/** The public summary of a model row. */
export function modelSummary(model: ModelRow): ModelSummary {
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

/** Per-benchmark raw and normalized scores of an evaluation row. */
export function scoresOf(evaluation: EvaluationRow): Record<BenchmarkKey, Score> {
  const scores = {} as Record<BenchmarkKey, Score>;
  for (const key of BENCHMARK_KEYS) {
    const columns = scoreColumns[key];
    scores[key] = {
      raw: evaluation[columns.raw] as number | null,
      normalized: evaluation[columns.normalized] as number | null,
    };
  }
  return scores;
}

/** A row of a board view as the API returns it, with whether it is pinned; `average` is the view's average. */
export interface BoardEntry extends LeaderboardEntry {
  pinned: boolean;
}

/** The API shape of an engine row (same fields as `leaderboardEntry`, plus `pinned`). */
export function boardEntry(ranked: RankedRow): BoardEntry {
  const r = ranked.row;
  const scores = {} as Record<BenchmarkKey, Score>;
  BENCHMARK_KEYS.forEach((key, i) => {
    scores[key] = { raw: r.raw[i] ?? null, normalized: r.normalized[i] ?? null };
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
    scores,
    co2_kg: r.co2,
    submission_date: r.submissionDate,
    pinned: ranked.pinned,
  };
}
