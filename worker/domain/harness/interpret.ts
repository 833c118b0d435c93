/**
 * A harness run turned into a Podium evaluation: per-benchmark raw and normalized scores computed from the
 * registry (benchmarks.ts, so no benchmark is named here), every task's metrics with their stderr, partial-run
 * detection, provenance and the model's identity. Pure: the caller verifies the message, stores the result and
 * answers.
 */
import type { Aggregation, BenchmarkKey } from "../benchmarks";
import { aggregationInputs as inputsOf, BENCHMARKS } from "../benchmarks";
import { co2Kg, mean, normalize } from "../normalize";
import { type RowErrors, runErrors } from "../statistics";
import type { SubtaskScore } from "../provenance";
import { iso } from "../time";
import { type ModelType, PRECISIONS, type Precision, type WeightType } from "../vocabulary";
import { type CompletedEvent, type HarnessResults, MAX_STORED_BYTES, modelId, type Problem } from "./events";

export interface BenchmarkScore {
  raw: number;
  normalized: number;
}

/** What a harness run says about the model, once the message's `model` block has been applied. */
export interface ModelIdentity {
  id: string;
  revision: string;
  precision: Precision;
  weightType: WeightType;
  /** Only when the evaluator said so; a known model keeps its type otherwise. */
  modelType: ModelType | null;
  baseModel: string | null;
  chatTemplate: boolean;
  /** The size the harness counted (`config.model_num_parameters`), in billions; null when it did not say. */
  paramsBillions: number | null;
}

export interface HarnessProvenance {
  harnessVersion: string | null;
  harnessGitHash: string | null;
  transformersVersion: string | null;
  chatTemplate: string | null;
  chatTemplateSha: string | null;
  systemInstructionSha: string | null;
  fewshotAsMultiturn: boolean | null;
  nShot: Record<string, number>;
  nSamples: Record<string, { original: number; effective: number }>;
  limit: number | null;
  evaluationSeconds: number | null;
  evaluatedAt: string | null;
  modelArgs: string | null;
  batchSize: string | null;
  partialReasons: string[];
}

export interface InterpretedEvaluation {
  model: ModelIdentity;
  status: "ranked" | "partial";
  scores: Record<BenchmarkKey, BenchmarkScore | null>;
  /** Mean of the six normalized scores; null when any is missing. */
  average: number | null;
  /** Each benchmark's standard error, from the file's stderr values or their estimate (domain/statistics.ts). */
  errors: RowErrors;
  subtasks: Record<string, SubtaskScore>;
  co2Kg: number;
  provenance: HarnessProvenance;
}

type Results = HarnessResults["results"];

function score(aggregation: Aggregation, value: (task: string, metric: string) => number): BenchmarkScore {
  switch (aggregation.kind) {
    case "single": {
      const raw = value(aggregation.task, aggregation.metric);
      return { raw, normalized: normalize(raw, aggregation.baseline) };
    }
    case "subtask-mean": {
      // The unweighted mean of per-subtask normalized scores, never the harness's size-weighted group row.
      const raws = aggregation.subtasks.map((s) => value(s.task, aggregation.metric));
      return {
        raw: mean(raws),
        normalized: mean(aggregation.subtasks.map((s, i) => normalize(raws[i] as number, s.baseline))),
      };
    }
    case "metric-mean": {
      const raw = mean(aggregation.metrics.map((m) => value(aggregation.task, m)));
      return { raw, normalized: raw * 100 };
    }
  }
}

/** The metric each registered task (and each member of a registered group) is scored on. */
function primaryMetrics(groups: Record<string, string[]>): Map<string, string> {
  const primary = new Map<string, string>();
  for (const b of BENCHMARKS) {
    for (const { task, metric } of inputsOf(b.aggregation)) if (!primary.has(task)) primary.set(task, metric);
  }
  for (const [group, members] of Object.entries(groups)) {
    const metric = primary.get(group);
    if (metric) for (const m of members) if (!primary.has(m)) primary.set(m, metric);
  }
  return primary;
}

/**
 * Every metric of every task with its stderr ("N/A" → null), keyed by task for the metric the task is scored on
 * and `task:metric` for the others.
 */
export function subtaskScores(results: Results, groups: Record<string, string[]> = {}): Record<string, SubtaskScore> {
  const primary = primaryMetrics(groups);
  const out: Record<string, SubtaskScore> = {};
  for (const [task, row] of Object.entries(results)) {
    for (const [metric, value] of Object.entries(row)) {
      if (metric === "alias" || typeof value !== "number" || /_stderr(,|$)/.test(metric)) continue;
      const comma = metric.indexOf(",");
      const stderrKey = comma === -1 ? `${metric}_stderr` : `${metric.slice(0, comma)}_stderr${metric.slice(comma)}`;
      const stderr = row[stderrKey];
      const key = primary.get(task) === metric ? task : `${task}:${metric}`;
      out[key] = { metric, value, stderr: typeof stderr === "number" ? stderr : null };
    }
  }
  return out;
}

/** `pretrained=org/name,revision=x,dtype=bfloat16` (or the dict form) as a map of strings. */
export function parseModelArgs(args: HarnessResults["config"]["model_args"]): Record<string, string> {
  if (!args) return {};
  if (typeof args !== "string") {
    return Object.fromEntries(Object.entries(args).map(([k, v]) => [k, String(v)]));
  }
  const out: Record<string, string> = {};
  for (const part of args.split(",")) {
    const eq = part.indexOf("=");
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

const truthy = (value: string | undefined) => value !== undefined && /^(true|1|yes)$/i.test(value);

/** The leaderboard precision a run used, from its model arguments and dtype; null when it is not one of ours. */
export function precisionOf(args: Record<string, string>, modelDtype: string | null | undefined): Precision | null {
  if (truthy(args.load_in_4bit)) return "4bit";
  if (truthy(args.load_in_8bit)) return "8bit";
  if (truthy(args.autogptq) || truthy(args.gptqmodel)) return "GPTQ";
  const dtype = (args.dtype ?? args.torch_dtype ?? modelDtype ?? "").replace(/^torch\./, "");
  if (dtype === "bfloat16" || dtype === "bf16") return "bfloat16";
  if (dtype === "float16" || dtype === "half" || dtype === "fp16") return "float16";
  return null;
}

const utf8 = new TextEncoder();

/** The problem when the JSON an evaluation stores is more than a D1 row holds, at the part that is larger. */
function storedSizeProblem(subtasks: Record<string, SubtaskScore>, provenance: HarnessProvenance): Problem | null {
  const subtaskBytes = utf8.encode(JSON.stringify(subtasks)).byteLength;
  const provenanceBytes = utf8.encode(JSON.stringify(provenance)).byteLength;
  if (subtaskBytes + provenanceBytes <= MAX_STORED_BYTES) return null;
  return {
    path: subtaskBytes >= provenanceBytes ? "data.lm_eval.results" : "data.lm_eval",
    message:
      `the run takes ${subtaskBytes + provenanceBytes} bytes to store (metrics ${subtaskBytes}, provenance ` +
      `${provenanceBytes}): more than the ${MAX_STORED_BYTES} an evaluation can hold`,
  };
}

/** A parameter count the harness wrote, in billions; anything but a positive number (older harnesses omit it) is null. */
function paramsBillionsOf(count: unknown): number | null {
  return typeof count === "number" && Number.isFinite(count) && count > 0 ? count / 1e9 : null;
}

/**
 * Reads a completed event into an evaluation: the model's identity (the message's `model` block first, then the
 * harness file), the six benchmarks normalized exactly as the old leaderboard did, and `partial` status when the
 * run used `--limit`, evaluated fewer samples than a task has, or lacks a benchmark. Problems name their path.
 */
export function interpretCompleted(
  data: CompletedEvent["data"],
): { ok: true; evaluation: InterpretedEvaluation } | { ok: false; problems: Problem[] } {
  const lm = data.lm_eval;
  const given = data.model ?? {};
  const args = parseModelArgs(lm.config.model_args);
  const problems: Problem[] = [];

  const id = given.id ?? args.pretrained ?? lm.model_name ?? null;
  if (!id) {
    problems.push({
      path: "data.model.id",
      message: "the model id is missing: give data.model.id or run lm_eval with --model_args pretrained=org/name",
    });
  } else if (!modelId.safeParse(id).success) {
    problems.push({
      path: given.id ? "data.model.id" : "data.lm_eval.config.model_args",
      message: `"${id}" is not a Hub model id (org/name)`,
    });
  }
  const revision = given.revision ?? lm.config.model_sha ?? args.revision ?? null;
  if (!revision) {
    problems.push({
      path: "data.model.revision",
      message: "the revision is missing: give data.model.revision, or a results file with config.model_sha",
    });
  }
  const precision = given.precision ?? precisionOf(args, lm.config.model_dtype);
  if (!precision) {
    const dtype = args.dtype ?? lm.config.model_dtype ?? "none";
    problems.push({
      path: "data.model.precision",
      message: `the precision is missing: dtype ${dtype} is not one of ${PRECISIONS.join(", ")}; give data.model.precision`,
    });
  }

  const results = lm.results;
  const value = (task: string, metric: string): number => results[task]?.[metric] as number;
  const scores = {} as Record<BenchmarkKey, BenchmarkScore | null>;
  const partialReasons: string[] = [];
  if (lm.config.limit != null) partialReasons.push(`run with --limit ${lm.config.limit}`);
  for (const b of BENCHMARKS) {
    const inputs = inputsOf(b.aggregation);
    const missing = inputs.filter(({ task, metric }) => typeof results[task]?.[metric] !== "number");
    for (const { task, metric } of inputs) {
      const v = results[task]?.[metric];
      if (typeof v === "number" && (v < 0 || v > 1)) {
        problems.push({
          path: `data.lm_eval.results.${task}.${metric}`,
          message: `${v} is not a score between 0 and 1`,
        });
      }
    }
    if (missing.length > 0) {
      scores[b.key] = null;
      partialReasons.push(`missing ${b.title}: ${missing.map((m) => `${m.task} ${m.metric}`).join("; ")}`);
    } else {
      scores[b.key] = score(b.aggregation, value);
    }
  }
  for (const [task, n] of Object.entries(lm["n-samples"] ?? {})) {
    if (n.effective < n.original) partialReasons.push(`${task}: ${n.effective} of ${n.original} samples`);
  }
  if (problems.length > 0 || !id || !revision || !precision) return { ok: false, problems };

  const normalized = Object.values(scores).map((s) => s?.normalized);
  const complete = normalized.every((n): n is number => typeof n === "number");
  const evaluationSeconds = lm.total_evaluation_time_seconds ?? null;
  const subtasks = subtaskScores(results, lm.group_subtasks ?? {});
  const provenance: HarnessProvenance = {
    harnessVersion: lm.lm_eval_version ?? null,
    harnessGitHash: lm.git_hash ?? null,
    transformersVersion: lm.transformers_version ?? null,
    chatTemplate: lm.chat_template ?? null,
    chatTemplateSha: lm.chat_template_sha ?? null,
    systemInstructionSha: lm.system_instruction_sha ?? null,
    fewshotAsMultiturn: lm.fewshot_as_multiturn ?? null,
    nShot: lm["n-shot"] ?? {},
    nSamples: lm["n-samples"] ?? {},
    limit: lm.config.limit ?? null,
    evaluationSeconds,
    evaluatedAt: lm.date == null ? null : iso(lm.date * 1000),
    modelArgs:
      typeof lm.config.model_args === "string" ? lm.config.model_args : JSON.stringify(lm.config.model_args ?? null),
    batchSize: lm.config.batch_size == null ? null : String(lm.config.batch_size),
    partialReasons,
  };
  const tooLarge = storedSizeProblem(subtasks, provenance);
  if (tooLarge) return { ok: false, problems: [tooLarge] };
  return {
    ok: true,
    evaluation: {
      model: {
        id,
        revision,
        precision,
        weightType: given.weight_type ?? "Original",
        modelType: given.model_type ?? null,
        baseModel: given.base_model ?? null,
        chatTemplate: given.chat_template ?? Boolean(lm.chat_template),
        paramsBillions: paramsBillionsOf(lm.config.model_num_parameters),
      },
      status: partialReasons.length === 0 ? "ranked" : "partial",
      scores,
      average: complete ? mean(normalized as number[]) : null,
      errors: runErrors(results),
      subtasks,
      co2Kg: co2Kg(evaluationSeconds),
      provenance,
    },
  };
}
