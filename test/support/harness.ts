/**
 * Builds lm-evaluation-harness results files in the harness's exact layout (results with alias, metric and
 * stderr keys, size-weighted group rows, group_subtasks, n-shot, n-samples, config, versions, tracker fields),
 * from chosen values or from a row of the old leaderboard's final data. Shared by the domain, route, CLI,
 * fuzzing and bench tests.
 */
import type { SeedEvaluation } from "../../worker/domain/seed";

/** Subtask sizes of the `leaderboard` group, as the harness reports them in n-samples. */
export const BBH_SIZES: Record<string, number> = {
  boolean_expressions: 250,
  causal_judgement: 187,
  date_understanding: 250,
  disambiguation_qa: 250,
  formal_fallacies: 250,
  geometric_shapes: 250,
  hyperbaton: 250,
  logical_deduction_five_objects: 250,
  logical_deduction_seven_objects: 250,
  logical_deduction_three_objects: 250,
  movie_recommendation: 250,
  navigate: 250,
  object_counting: 250,
  penguins_in_a_table: 146,
  reasoning_about_colored_objects: 250,
  ruin_names: 250,
  salient_translation_error_detection: 250,
  snarks: 178,
  sports_understanding: 250,
  temporal_sequences: 250,
  tracking_shuffled_objects_five_objects: 250,
  tracking_shuffled_objects_seven_objects: 250,
  tracking_shuffled_objects_three_objects: 250,
  web_of_lies: 250,
};
/** Choices per BBH subtask: the random baseline is 1/choices. */
export const BBH_CHOICES: Record<string, number> = {
  sports_understanding: 2,
  navigate: 2,
  snarks: 2,
  web_of_lies: 2,
  hyperbaton: 2,
  causal_judgement: 2,
  formal_fallacies: 2,
  boolean_expressions: 2,
  tracking_shuffled_objects_three_objects: 3,
  disambiguation_qa: 3,
  logical_deduction_three_objects: 3,
  temporal_sequences: 4,
  logical_deduction_five_objects: 5,
  penguins_in_a_table: 5,
  tracking_shuffled_objects_five_objects: 5,
  date_understanding: 6,
  movie_recommendation: 6,
  salient_translation_error_detection: 6,
  ruin_names: 6,
  logical_deduction_seven_objects: 7,
  tracking_shuffled_objects_seven_objects: 7,
  geometric_shapes: 11,
  reasoning_about_colored_objects: 18,
  object_counting: 19,
};
export const MUSR_SIZES = { murder_mysteries: 250, object_placements: 256, team_allocation: 250 };
export const MUSR_BASELINES = { murder_mysteries: 0.5, object_placements: 0.2, team_allocation: 1 / 3 };
const GPQA_SIZES = { diamond: 198, extended: 546, main: 448 };
const MATH_SIZES = {
  algebra: 307,
  counting_and_prob: 123,
  geometry: 132,
  intermediate_algebra: 280,
  num_theory: 154,
  prealgebra: 193,
  precalculus: 135,
};

export type BenchmarkName = "ifeval" | "bbh" | "math" | "gpqa" | "musr" | "mmlu_pro";

export interface HarnessSpec {
  model?: string;
  /** `config.model_sha`; the commit the harness resolved. */
  sha?: string;
  dtype?: string;
  /** Extra `model_args` such as `load_in_4bit=True`. */
  extraArgs?: string;
  ifeval?: { prompt: number; inst: number };
  bbh?: Record<string, number>;
  math?: number;
  gpqa?: number;
  musr?: Record<keyof typeof MUSR_SIZES, number>;
  mmlu_pro?: number;
  /** Benchmarks left out of the file, as a run of a task subset would. */
  omit?: BenchmarkName[];
  limit?: number | null;
  chatTemplate?: string | null;
  evaluationSeconds?: number;
  /** `config.model_num_parameters`; null leaves it out, as older harnesses do. */
  parameters?: number | null;
}

const stderr = (v: number, n: number) => Math.sqrt((v * (1 - v)) / Math.max(n - 1, 1));
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** Constant subtask values (every BBH subtask at `v`). */
export function uniformBbh(v: number): Record<string, number> {
  return Object.fromEntries(Object.keys(BBH_SIZES).map((k) => [k, v]));
}

/** A complete results file (a full `--tasks leaderboard` run) with the given values; defaults are plausible. */
export function harnessResults(spec: HarnessSpec = {}): Record<string, any> {
  const model = spec.model ?? "example-org/example-model-7b";
  const sha = spec.sha ?? "0123456789abcdef0123456789abcdef01234567";
  const dtype = spec.dtype ?? "bfloat16";
  const omit = new Set(spec.omit ?? []);
  const results: Record<string, any> = {};
  const groups: Record<string, any> = {};
  const groupSubtasks: Record<string, string[]> = {};
  const nShot: Record<string, number> = {};
  const nSamples: Record<string, { original: number; effective: number }> = {};
  const limit = spec.limit ?? null;
  const effective = (n: number) => (limit === null ? n : Math.min(n, limit));

  const task = (name: string, metrics: Record<string, number>, n: number, shots: number, depth = 2) => {
    const row: Record<string, any> = { alias: `${" ".repeat(depth)}- ${name}` };
    for (const [metric, v] of Object.entries(metrics)) {
      row[`${metric},none`] = v;
      row[`${metric}_stderr,none`] = stderr(v, n);
    }
    results[name] = row;
    nShot[name] = shots;
    nSamples[name] = { original: n, effective: effective(n) };
  };
  // The harness's group rows are size-weighted; Podium must never read them for BBH and MuSR.
  const group = (name: string, metric: string, members: Array<[string, number, number]>) => {
    const n = sum(members.map((m) => m[2]));
    const weighted = sum(members.map((m) => m[1] * m[2])) / n;
    const row = { [`${metric},none`]: weighted, [`${metric}_stderr,none`]: stderr(weighted, n), alias: ` - ${name}` };
    results[name] = row;
    groups[name] = row;
    groupSubtasks[name] = members.map((m) => m[0]);
  };

  const top: string[] = [];
  if (!omit.has("mmlu_pro")) {
    task("leaderboard_mmlu_pro", { acc: spec.mmlu_pro ?? 0.3 }, 12032, 5, 1);
    top.push("leaderboard_mmlu_pro");
  }
  if (!omit.has("bbh")) {
    const values = spec.bbh ?? uniformBbh(0.55);
    const members: Array<[string, number, number]> = [];
    for (const [sub, n] of Object.entries(BBH_SIZES)) {
      const v = values[sub] ?? 0.5;
      task(`leaderboard_bbh_${sub}`, { acc_norm: v }, n, 3);
      members.push([`leaderboard_bbh_${sub}`, v, n]);
    }
    group("leaderboard_bbh", "acc_norm", members);
    top.push("leaderboard_bbh");
  }
  if (!omit.has("gpqa")) {
    const v = spec.gpqa ?? 0.3;
    const members: Array<[string, number, number]> = [];
    for (const [sub, n] of Object.entries(GPQA_SIZES)) {
      task(`leaderboard_gpqa_${sub}`, { acc_norm: v }, n, 0);
      members.push([`leaderboard_gpqa_${sub}`, v, n]);
    }
    group("leaderboard_gpqa", "acc_norm", members);
    top.push("leaderboard_gpqa");
  }
  if (!omit.has("math")) {
    const v = spec.math ?? 0.1;
    const members: Array<[string, number, number]> = [];
    for (const [sub, n] of Object.entries(MATH_SIZES)) {
      task(`leaderboard_math_${sub}_hard`, { exact_match: v, exact_match_original: v }, n, 4);
      members.push([`leaderboard_math_${sub}_hard`, v, n]);
    }
    group("leaderboard_math_hard", "exact_match", members);
    top.push("leaderboard_math_hard");
  }
  if (!omit.has("ifeval")) {
    const { prompt, inst } = spec.ifeval ?? { prompt: 0.4, inst: 0.5 };
    results.leaderboard_ifeval = {
      alias: " - leaderboard_ifeval",
      "prompt_level_strict_acc,none": prompt,
      "prompt_level_strict_acc_stderr,none": stderr(prompt, 541),
      "inst_level_strict_acc,none": inst,
      "inst_level_strict_acc_stderr,none": "N/A",
      "prompt_level_loose_acc,none": Math.min(1, prompt + 0.02),
      "prompt_level_loose_acc_stderr,none": stderr(prompt, 541),
      "inst_level_loose_acc,none": Math.min(1, inst + 0.02),
      "inst_level_loose_acc_stderr,none": "N/A",
    };
    nShot.leaderboard_ifeval = 0;
    nSamples.leaderboard_ifeval = { original: 541, effective: effective(541) };
    top.push("leaderboard_ifeval");
  }
  if (!omit.has("musr")) {
    const values = spec.musr ?? { murder_mysteries: 0.55, object_placements: 0.3, team_allocation: 0.4 };
    const members: Array<[string, number, number]> = [];
    for (const [sub, n] of Object.entries(MUSR_SIZES)) {
      const v = values[sub as keyof typeof MUSR_SIZES];
      task(`leaderboard_musr_${sub}`, { acc_norm: v }, n, 0);
      members.push([`leaderboard_musr_${sub}`, v, n]);
    }
    group("leaderboard_musr", "acc_norm", members);
    top.push("leaderboard_musr");
  }
  groups.leaderboard = { alias: "leaderboard" };
  results.leaderboard = { alias: "leaderboard" };
  groupSubtasks.leaderboard = top;

  const configs = Object.fromEntries(
    Object.keys(nSamples).map((name) => [
      name,
      { task: name, dataset_path: "SaylorTwift/bbh", doc_to_text: "x".repeat(400), metadata: { version: 1.0 } },
    ]),
  );
  const chatTemplate = spec.chatTemplate === undefined ? null : spec.chatTemplate;
  const seconds = spec.evaluationSeconds ?? 3600;
  return {
    results,
    groups,
    group_subtasks: groupSubtasks,
    configs,
    versions: Object.fromEntries(Object.keys(nSamples).map((k) => [k, 1.0])),
    "n-shot": nShot,
    higher_is_better: Object.fromEntries(Object.keys(nSamples).map((k) => [k, { acc_norm: true }])),
    "n-samples": nSamples,
    config: {
      model: "hf",
      model_args: `pretrained=${model},revision=${sha},dtype=${dtype}${spec.extraArgs ? `,${spec.extraArgs}` : ""}`,
      ...(spec.parameters === null ? {} : { model_num_parameters: spec.parameters ?? 7_241_732_096 }),
      model_dtype: `torch.${dtype}`,
      model_revision: sha,
      model_sha: sha,
      batch_size: "auto",
      batch_sizes: [64],
      device: "cuda:0",
      use_cache: null,
      limit,
      bootstrap_iters: 100000,
      gen_kwargs: null,
      random_seed: 0,
      numpy_seed: 1234,
      torch_seed: 1234,
      fewshot_seed: 1234,
    },
    git_hash: "3e091a1",
    date: 1760022195.9798203,
    pretty_env_info: "PyTorch version: 2.4.0+cu121",
    transformers_version: "4.57.0",
    lm_eval_version: "0.4.9.1",
    upper_git_hash: null,
    tokenizer_pad_token: ["<|endoftext|>", "151643"],
    tokenizer_eos_token: ["<|im_end|>", "151645"],
    tokenizer_bos_token: [null, "None"],
    eot_token_id: 151645,
    max_length: 4096,
    task_hashes: {},
    model_source: "hf",
    model_name: model,
    model_name_sanitized: model.replace("/", "__"),
    system_instruction: null,
    system_instruction_sha: null,
    fewshot_as_multiturn: chatTemplate !== null,
    chat_template: chatTemplate,
    chat_template_sha:
      chatTemplate === null ? null : "4f1c0a7e5d8b9c2a3e6f7d1b0c9a8e7f6d5c4b3a2e1f0d9c8b7a6e5f4d3c2b1a",
    start_time: 1000.5,
    end_time: 1000.5 + seconds,
    total_evaluation_time_seconds: String(seconds),
  };
}

/**
 * A results file that reproduces a row of the final data: GPQA, MATH and MMLU-PRO from its raw values, IFEval
 * from two metrics whose mean is its raw value, and BBH/MuSR subtasks all set so that each subtask normalizes to
 * the row's normalized BBH/MuSR (so the unweighted mean, and the average, match the row too).
 */
export function harnessFromRow(
  row: SeedEvaluation,
  spec: Omit<HarnessSpec, "gpqa" | "math" | "mmlu_pro" | "ifeval"> = {},
) {
  const ifeval = row.scores.ifeval.raw;
  const d = Math.min(0.05, ifeval, 1 - ifeval);
  const fromNormalized = (normalized: number, baseline: number) => baseline + (normalized / 100) * (1 - baseline);
  return harnessResults({
    model: row.modelId,
    sha: row.revision,
    dtype: row.precision === "float16" ? "float16" : "bfloat16",
    gpqa: row.scores.gpqa.raw,
    math: row.scores.math.raw,
    mmlu_pro: row.scores.mmlu_pro.raw,
    ifeval: { prompt: ifeval - d, inst: ifeval + d },
    bbh: Object.fromEntries(
      Object.entries(BBH_CHOICES).map(([k, c]) => [k, fromNormalized(row.scores.bbh.normalized, 1 / c)]),
    ),
    musr: Object.fromEntries(
      Object.entries(MUSR_BASELINES).map(([k, b]) => [k, fromNormalized(row.scores.musr.normalized, b)]),
    ) as Record<keyof typeof MUSR_SIZES, number>,
    ...spec,
  });
}

/** The `evaluation.completed` message body around a results file. */
export function completedEvent(lmEval: unknown, extra: Record<string, unknown> = {}) {
  return { type: "evaluation.completed", timestamp: "2026-11-29T12:00:00Z", data: { lm_eval: lmEval, ...extra } };
}
