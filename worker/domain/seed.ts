/**
 * Reads the old leaderboard's final public data (a community CSV dump of its `contents` dataset) into models
 * and ranked evaluations. Pure: the caller supplies the text and stores the records.
 */
import { csvParse } from "d3-dsv";
import type { BenchmarkKey } from "./benchmarks";
import { BENCHMARK_KEYS } from "./benchmarks";
import type { ModelType, Precision, WeightType } from "./vocabulary";
import { PRECISIONS, WEIGHT_TYPES } from "./vocabulary";

export interface SeedModel {
  id: string;
  license: string | null;
  likes: number;
  merged: boolean;
  moe: boolean;
  flagged: boolean;
  officialProvider: boolean;
  availableOnHub: boolean;
  baseModel: string | null;
  generation: number;
  uploadDate: string | null;
}

export interface SeedEvaluation {
  seedId: string;
  modelId: string;
  revision: string;
  precision: Precision;
  weightType: WeightType;
  chatTemplate: boolean;
  type: ModelType;
  architecture: string | null;
  paramsBillions: number | null;
  scores: Record<BenchmarkKey, { raw: number; normalized: number }>;
  average: number;
  co2Kg: number;
  submissionDate: string | null;
}

export interface SeedData {
  models: SeedModel[];
  evaluations: SeedEvaluation[];
}

// The dump's compacted type names (emoji and spaces stripped) mapped to ours.
const TYPE_NAMES: Record<string, ModelType> = {
  pretrained: "pretrained",
  continuouslypretrained: "continuously-pretrained",
  "fine-tunedondomain-specificdatasets": "fine-tuned",
  chatmodels: "chat",
  basemergesandmoerges: "merge",
  multimodal: "multimodal",
  "❓other": "other",
};

function flag(value: string | undefined): boolean {
  return value?.toUpperCase() === "TRUE";
}

function numberOrNull(value: string | undefined): number | null {
  if (value === undefined || value.trim() === "") return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

function textOrNull(value: string | undefined): string | null {
  const v = value?.trim();
  return v ? v : null;
}

/** Parses the CSV; throws with the row number on a row that does not fit, so a bad data file fails loudly. */
export function parseLeaderboardCsv(text: string): SeedData {
  const rows = csvParse(text);
  const models = new Map<string, SeedModel>();
  const evaluations: SeedEvaluation[] = [];
  rows.forEach((row, i) => {
    const where = `row ${i + 2}`;
    const modelId = row.model_name?.trim();
    // Legacy Hub ids such as `gpt2` have no org part.
    if (!modelId) throw new Error(`${where}: model_name is empty`);
    const type = TYPE_NAMES[row.model_type ?? ""];
    if (!type) throw new Error(`${where}: unknown model_type "${row.model_type}"`);
    const precision = row.model_precision as Precision;
    if (!PRECISIONS.includes(precision)) throw new Error(`${where}: unknown precision "${precision}"`);
    const weightType = row.model_weight_type as WeightType;
    if (!WEIGHT_TYPES.includes(weightType)) throw new Error(`${where}: unknown weight type "${weightType}"`);

    const scores = {} as SeedEvaluation["scores"];
    for (const key of BENCHMARK_KEYS) {
      const raw = numberOrNull(row[`evaluations_${key}_value`]);
      const normalized = numberOrNull(row[`evaluations_${key}_normalized_score`]);
      if (raw === null || normalized === null) throw new Error(`${where}: missing ${key} score`);
      scores[key] = { raw, normalized };
    }
    const average = numberOrNull(row.model_average_score);
    if (average === null) throw new Error(`${where}: missing average`);

    evaluations.push({
      seedId: row.id ?? `${modelId}_${precision}`,
      modelId,
      revision: row.model_sha?.trim() || "main",
      precision,
      weightType,
      chatTemplate: flag(row.model_has_chat_template),
      // Per row: 30 models of the final data have runs of different types, 5 of different sizes.
      type,
      architecture: textOrNull(row.model_architecture),
      paramsBillions: numberOrNull(row.metadata_params_billions),
      scores,
      average,
      co2Kg: numberOrNull(row.metadata_co2_cost) ?? -1,
      submissionDate: textOrNull(row.metadata_submission_date),
    });

    // A model evaluated at several precisions appears once per row; the last row's Hub metadata wins (it never
    // differs between the rows of one model in the final data).
    const baseModel = textOrNull(row.metadata_base_model);
    models.set(modelId, {
      id: modelId,
      license: textOrNull(row.metadata_hub_license),
      likes: numberOrNull(row.metadata_hub_hearts) ?? 0,
      merged: flag(row.features_is_merged),
      moe: flag(row.features_is_moe),
      flagged: flag(row.features_is_flagged),
      officialProvider: flag(row.features_is_official_provider),
      // Despite its name, the dump's `is_not_available_on_hub` holds the old board's "Available on the hub"
      // value: it is TRUE for 01-ai/Yi-1.5-34B and other models that have always been on the Hub.
      availableOnHub: flag(row.features_is_not_available_on_hub),
      baseModel: baseModel === modelId || baseModel === "Removed" ? null : baseModel,
      generation: numberOrNull(row.metadata_generation) ?? 0,
      uploadDate: textOrNull(row.metadata_upload_date),
    });
  });
  return { models: [...models.values()], evaluations };
}
