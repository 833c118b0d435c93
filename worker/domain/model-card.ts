/**
 * A model's results as Hugging Face model-card metadata: the `model-index` block (the Hub's "Evaluation
 * results" panel) and the Markdown table that the old leaderboard's results bot added to thousands of cards
 * (../shared/reference/model-cards.md), pointing back to Podium. The YAML is written here for this one fixed
 * shape, so the Worker bundles no YAML library.
 */
import { BENCHMARK_KEYS, benchmark, type BenchmarkKey } from "./benchmarks";
import { markdownText, markdownUrl, twoDecimals, yamlQuoted } from "./model-card-text";

/** What the old bot wrote for a benchmark: the dataset's card name and Hub id, and the metric. */
interface CardDataset {
  name: string;
  type: string;
  /** MMLU-PRO alone names its configuration and split. */
  configSplit?: { config: string; split: string };
  metricType: string;
  metricName: string;
}

const CARD_DATASETS: Record<BenchmarkKey, CardDataset> = {
  ifeval: {
    name: "IFEval (0-Shot)",
    type: "HuggingFaceH4/ifeval",
    metricType: "inst_level_strict_acc and prompt_level_strict_acc",
    metricName: "strict accuracy",
  },
  bbh: { name: "BBH (3-Shot)", type: "BBH", metricType: "acc_norm", metricName: "normalized accuracy" },
  math: {
    name: "MATH Lvl 5 (4-Shot)",
    type: "hendrycks/competition_math",
    metricType: "exact_match",
    metricName: "exact match",
  },
  gpqa: { name: "GPQA (0-shot)", type: "Idavidrein/gpqa", metricType: "acc_norm", metricName: "acc_norm" },
  musr: { name: "MuSR (0-shot)", type: "TAUR-Lab/MuSR", metricType: "acc_norm", metricName: "acc_norm" },
  mmlu_pro: {
    name: "MMLU-PRO (5-shot)",
    type: "TIGER-Lab/MMLU-Pro",
    configSplit: { config: "main", split: "test" },
    metricType: "acc",
    metricName: "accuracy",
  },
};

export interface ModelCardInput {
  /** The Hub model id (`org/name`, or a legacy `name`); the entry is named by its last segment, as the bot did. */
  modelId: string;
  /** Normalized scores (0–100) of one evaluation; a null score is left out of both outputs. */
  scores: Readonly<Record<BenchmarkKey, number | null>>;
  /** That evaluation's average, for the Markdown's `Avg.` row; null leaves the row out. */
  average: number | null;
  /** Where the results link back to: the leaderboard's name and the model's page there (with its precision). */
  source: { name: string; url: string };
}

const scored = (scores: ModelCardInput["scores"]) =>
  BENCHMARK_KEYS.flatMap((key) => {
    const value = scores[key];
    return value == null ? [] : [{ key, value }];
  });

/**
 * The `model-index` block as YAML, entry for entry the old results bot's (dataset, args, metric, two-decimal
 * value, source), one flow mapping per line as the reference writes it; every string that comes from the input
 * is double-quoted and escaped, so the text parses to exactly this structure whatever the input holds.
 */
export function modelIndexYaml(input: ModelCardInput): string {
  const name = input.modelId.slice(input.modelId.lastIndexOf("/") + 1);
  const source = `{url: ${yamlQuoted(input.source.url)}, name: ${yamlQuoted(input.source.name)}}`;
  const entries = scored(input.scores).map(({ key, value }) => {
    const d = CARD_DATASETS[key];
    const configSplit = d.configSplit ? `, config: ${d.configSplit.config}, split: ${d.configSplit.split}` : "";
    const args = `args: {num_few_shot: ${benchmark(key).shots}}`;
    return [
      "  - task: {type: text-generation, name: Text Generation}",
      `    dataset: {name: ${yamlQuoted(d.name)}, type: ${d.type}${configSplit}, ${args}}`,
      `    metrics: [{type: ${d.metricType}, value: ${twoDecimals(value)}, name: ${d.metricName}}]`,
      `    source: ${source}`,
    ].join("\n");
  });
  const results = entries.length ? `  results:\n${entries.join("\n")}` : "  results: []";
  return `model-index:\n- name: ${yamlQuoted(name)}\n${results}\n`;
}

/**
 * The card-body section the old bot wrote: a heading naming the leaderboard, a link to the model's page, and a
 * two-column table (`Avg.`, then the six benchmarks) with two-decimal values, padded as the bot's tables were.
 * The name and URL are escaped, so the section keeps its lines and the table its two columns whatever they hold.
 */
export function modelCardMarkdown(input: ModelCardInput): string {
  const rows = scored(input.scores).map(({ key, value }): [string, string] => [
    CARD_DATASETS[key].name,
    twoDecimals(value),
  ]);
  if (input.average != null) rows.unshift(["Avg.", twoDecimals(input.average)]);
  const metricWidth = Math.max("Metric".length, ...rows.map(([metric]) => metric.length));
  const valueWidth = Math.max("Value".length, ...rows.map(([, value]) => value.length));
  // Centred as Python's `format(text, "^width")` centres, the odd space on the right: the bot's header cells.
  const centered = (text: string, width: number) =>
    text.padStart(text.length + Math.floor((width - text.length) / 2)).padEnd(width);
  return [
    `# ${markdownText(`${input.source.name} Evaluation Results`)}`,
    `Detailed results can be found [here](${markdownUrl(input.source.url)})`,
    "",
    `|${centered("Metric", metricWidth)}|${centered("Value", valueWidth)}|`,
    `|${"-".repeat(metricWidth)}|${"-".repeat(valueWidth - 1)}:|`,
    ...rows.map(([metric, value]) => `|${metric.padEnd(metricWidth)}|${value.padStart(valueWidth)}|`),
    "",
  ].join("\n");
}
