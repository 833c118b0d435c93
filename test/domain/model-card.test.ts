/**
 * Model-card metadata against three independent sources: the reference's `model-index` example and table
 * (../shared/reference/model-cards.md), a card the old results bot really wrote (arcee-ai/Arcee-Spark), and the
 * old board's final data; parsed with the `yaml` library, never with the code under test.
 */
import { csvParse } from "d3-dsv";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse, parseDocument } from "yaml";
import csv from "../../data/open-llm-leaderboard-v2-final.csv?raw";
import type { BenchmarkKey } from "../../worker/domain/benchmarks";
import { modelCardMarkdown, modelIndexYaml, type ModelCardInput } from "../../worker/domain/model-card";

const KEYS: BenchmarkKey[] = ["ifeval", "bbh", "math", "gpqa", "musr", "mmlu_pro"];

/** The reference's table: dataset and metric of each benchmark's entry. */
const REFERENCE: Record<BenchmarkKey, { dataset: Record<string, unknown>; type: string; name: string }> = {
  ifeval: {
    dataset: { name: "IFEval (0-Shot)", type: "HuggingFaceH4/ifeval", args: { num_few_shot: 0 } },
    type: "inst_level_strict_acc and prompt_level_strict_acc",
    name: "strict accuracy",
  },
  bbh: {
    dataset: { name: "BBH (3-Shot)", type: "BBH", args: { num_few_shot: 3 } },
    type: "acc_norm",
    name: "normalized accuracy",
  },
  math: {
    dataset: { name: "MATH Lvl 5 (4-Shot)", type: "hendrycks/competition_math", args: { num_few_shot: 4 } },
    type: "exact_match",
    name: "exact match",
  },
  gpqa: {
    dataset: { name: "GPQA (0-shot)", type: "Idavidrein/gpqa", args: { num_few_shot: 0 } },
    type: "acc_norm",
    name: "acc_norm",
  },
  musr: {
    dataset: { name: "MuSR (0-shot)", type: "TAUR-Lab/MuSR", args: { num_few_shot: 0 } },
    type: "acc_norm",
    name: "acc_norm",
  },
  mmlu_pro: {
    dataset: {
      name: "MMLU-PRO (5-shot)",
      type: "TIGER-Lab/MMLU-Pro",
      config: "main",
      split: "test",
      args: { num_few_shot: 5 },
    },
    type: "acc",
    name: "accuracy",
  },
};

/** The structure a `model-index` block must parse to; values are checked on their own. */
function expectedIndex(name: string, keys: BenchmarkKey[], source: { url: string; name: string }) {
  return {
    "model-index": [
      {
        name,
        results: keys.map((key) => ({
          task: { type: "text-generation", name: "Text Generation" },
          dataset: REFERENCE[key].dataset,
          metrics: [{ type: REFERENCE[key].type, value: expect.any(Number), name: REFERENCE[key].name }],
          source,
        })),
      },
    ],
  };
}

interface ParsedIndex {
  "model-index": Array<{ results: Array<{ metrics: Array<{ value: number }> }> }>;
}
const valuesOf = (index: ParsedIndex) => index["model-index"][0]?.results.map((r) => r.metrics[0]?.value) ?? [];

/** Decimal text rounded half up to two decimals, in integer arithmetic on its digits. */
function roundText(text: string): string {
  const match = /^(\d+)(?:\.(\d*))?$/.exec(text);
  if (!match) throw new Error(`not a plain decimal: ${text}`);
  const fraction = match[2] ?? "";
  const scale = 10n ** BigInt(fraction.length);
  const cents = (BigInt(match[1] + fraction) * 200n + scale) / (2n * scale);
  const digits = cents.toString().padStart(3, "0");
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

const PODIUM = { name: "Podium", url: "https://podium.example/models/arcee-ai/Arcee-Spark?precision=bfloat16" };
const rows = csvParse(csv);
const column = (key: BenchmarkKey) => `evaluations_${key}_normalized_score`;
function inputOf(row: Record<string, string | undefined>, source = PODIUM): ModelCardInput {
  const scores = Object.fromEntries(KEYS.map((k) => [k, Number(row[column(k)])])) as Record<BenchmarkKey, number>;
  return { modelId: row.model_name ?? "", scores, average: Number(row.model_average_score), source };
}
const arceeSpark = rows.find((r) => r.model_name === "arcee-ai/Arcee-Spark" && r.model_precision === "bfloat16");
if (!arceeSpark) throw new Error("arcee-ai/Arcee-Spark bfloat16 is in the final data");

describe("model-index YAML", () => {
  it("writes each entry exactly as the reference's example", () => {
    const yaml = modelIndexYaml({
      modelId: "org/model",
      scores: { ifeval: null, bbh: null, math: null, gpqa: 2.01, musr: null, mmlu_pro: null },
      average: null,
      source: { url: "<link to the model on the leaderboard>", name: "<leaderboard name>" },
    });
    const reference = [
      "- task: {type: text-generation, name: Text Generation}",
      '  dataset: {name: "GPQA (0-shot)", type: Idavidrein/gpqa, args: {num_few_shot: 0}}',
      "  metrics: [{type: acc_norm, value: 2.01, name: acc_norm}]",
      '  source: {url: "<link to the model on the leaderboard>", name: "<leaderboard name>"}',
    ];
    expect(yaml).toBe(
      ["model-index:", '- name: "model"', "  results:", ...reference.map((l) => `  ${l}`), ""].join("\n"),
    );
  });

  it("parses to the card the old bot wrote for arcee-ai/Arcee-Spark, with Podium as the source", () => {
    // From the model's card on the Hub, as the results bot wrote it (block style), source and MATH aside: the
    // board re-scored MATH Lvl 5 after that pull request, and the final data holds the new figure (29.53).
    const bot = parse(`model-index:
- name: Arcee-Spark
  results:
  - task:
      type: text-generation
      name: Text Generation
    dataset:
      name: IFEval (0-Shot)
      type: HuggingFaceH4/ifeval
      args:
        num_few_shot: 0
    metrics:
    - type: inst_level_strict_acc and prompt_level_strict_acc
      value: 56.21
      name: strict accuracy
  - task:
      type: text-generation
      name: Text Generation
    dataset:
      name: BBH (3-Shot)
      type: BBH
      args:
        num_few_shot: 3
    metrics:
    - type: acc_norm
      value: 37.14
      name: normalized accuracy
  - task:
      type: text-generation
      name: Text Generation
    dataset:
      name: MATH Lvl 5 (4-Shot)
      type: hendrycks/competition_math
      args:
        num_few_shot: 4
    metrics:
    - type: exact_match
      value: 29.53
      name: exact match
  - task:
      type: text-generation
      name: Text Generation
    dataset:
      name: GPQA (0-shot)
      type: Idavidrein/gpqa
      args:
        num_few_shot: 0
    metrics:
    - type: acc_norm
      value: 7.61
      name: acc_norm
  - task:
      type: text-generation
      name: Text Generation
    dataset:
      name: MuSR (0-shot)
      type: TAUR-Lab/MuSR
      args:
        num_few_shot: 0
    metrics:
    - type: acc_norm
      value: 8.6
      name: acc_norm
  - task:
      type: text-generation
      name: Text Generation
    dataset:
      name: MMLU-PRO (5-shot)
      type: TIGER-Lab/MMLU-Pro
      config: main
      split: test
      args:
        num_few_shot: 5
    metrics:
    - type: acc
      value: 31.36
      name: accuracy
`) as { "model-index": Array<{ results: Array<Record<string, unknown>> }> };
    for (const result of bot["model-index"][0]?.results ?? []) result.source = { url: PODIUM.url, name: "Podium" };
    expect(parse(modelIndexYaml(inputOf(arceeSpark)))).toEqual(bot);
  });

  it("carries rows of the final data: the name and the normalized values to two decimals", () => {
    // Parsing costs about a millisecond a card, so one row in 16 and every row with a tie at the third decimal
    // (where rounding the binary value instead would differ); the Markdown test reads all 4,576.
    const tie = (row: Record<string, string | undefined>) => KEYS.some((k) => /\.\d\d5$/.test(row[column(k)] ?? ""));
    const sample = rows.filter((row, i) => i % 16 === 0 || tie(row));
    expect(sample.filter(tie).length).toBe(24);
    for (const row of sample) {
      const index = parse(modelIndexYaml(inputOf(row))) as ParsedIndex;
      const id = row.model_name ?? "";
      expect(index).toEqual(expectedIndex(id.split("/").at(-1) ?? "", KEYS, PODIUM));
      expect(valuesOf(index), id).toEqual(KEYS.map((k) => Number(roundText(row[column(k)] ?? ""))));
    }
  });

  it("leaves out a benchmark without a score, and writes an empty list when none has one", () => {
    const partial = { ...inputOf(arceeSpark), scores: { ...inputOf(arceeSpark).scores, gpqa: null, math: null } };
    const index = parse(modelIndexYaml(partial)) as ParsedIndex;
    expect(index).toEqual(expectedIndex("Arcee-Spark", ["ifeval", "bbh", "musr", "mmlu_pro"], PODIUM));
    expect(valuesOf(index)).toEqual([56.21, 37.14, 8.6, 31.36]);
    const none = { ifeval: null, bbh: null, math: null, gpqa: null, musr: null, mmlu_pro: null };
    expect(parse(modelIndexYaml({ ...partial, scores: none }))).toEqual({
      "model-index": [{ name: "Arcee-Spark", results: [] }],
    });
  });
});

describe("model-card Markdown", () => {
  it("is the old bot's section for the same row, with Podium's heading and link", () => {
    // The table lines are the card's, but for MATH and the average, re-scored after it was written.
    expect(modelCardMarkdown(inputOf(arceeSpark))).toBe(`# Podium Evaluation Results
Detailed results can be found [here](https://podium.example/models/arcee-ai/Arcee-Spark?precision=bfloat16)

|      Metric       |Value|
|-------------------|----:|
|Avg.               |28.41|
|IFEval (0-Shot)    |56.21|
|BBH (3-Shot)       |37.14|
|MATH Lvl 5 (4-Shot)|29.53|
|GPQA (0-shot)      | 7.61|
|MuSR (0-shot)      | 8.60|
|MMLU-PRO (5-shot)  |31.36|
`);
  });

  it("rounds every row of the final data as its decimal figures read, half up", () => {
    for (const row of rows) {
      const values = modelCardMarkdown(inputOf(row))
        .split("\n")
        .slice(5, -1)
        .map((line) => line.split("|")[2]?.trim());
      const expected = ["model_average_score", ...KEYS.map(column)].map((c) => roundText(row[c] ?? ""));
      expect(values, row.model_name).toEqual(expected);
    }
  });

  it("widens the value column for 100.00 and leaves out what has no value", () => {
    const scores = { ifeval: 99.996, bbh: null, math: 0, gpqa: null, musr: null, mmlu_pro: null };
    const md = modelCardMarkdown({
      modelId: "a/b",
      scores,
      average: null,
      source: { name: "P|o", url: "https://p.example/" },
    });
    expect(md).toBe(`# P\\|o Evaluation Results
Detailed results can be found [here](https://p.example/)

|      Metric       |Value |
|-------------------|-----:|
|IFEval (0-Shot)    |100.00|
|MATH Lvl 5 (4-Shot)|  0.00|
`);
  });
});

/** Text that means something to YAML or Markdown, or that neither can hold as it is. */
const nasty = fc.constantFrom(
  '"',
  "'",
  "\\",
  ": ",
  " #",
  "\n",
  "\r\n",
  "\t",
  "---",
  "- ",
  "{",
  "}",
  "[",
  "]",
  ",",
  "&a",
  "*a",
  "!!str ",
  "|",
  ">",
  "\u0000",
  "\u0085",
  "\u2028",
  "\ufeff",
  "\ud800",
  "😀",
  "true",
  "null",
  "1e3",
  "yes",
  "[x](y)",
  "<b>",
  "&amp;",
  "(",
  ")",
  " ",
  "%",
);
const text = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.array(nasty, { maxLength: 12 }).map((a) => a.join("")),
  fc.stringMatching(/^[A-Za-z0-9][\w.-]{0,20}\/[\w.-]{1,30}$/),
);
const score = fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: null });
const input = fc.record({
  modelId: text,
  scores: fc.record({ ifeval: score, bbh: score, math: score, gpqa: score, musr: score, mmlu_pro: score }),
  average: score,
  source: fc.record({ name: text, url: text }),
});
const wellFormed = (s: string) => new TextDecoder("utf-8", { ignoreBOM: true }).decode(new TextEncoder().encode(s));

describe("any model id, source and scores", () => {
  it("give YAML that parses, under YAML 1.1 and 1.2, to exactly the intended structure and values", () => {
    fc.assert(
      fc.property(input, (card) => {
        const keys = KEYS.filter((k) => card.scores[k] !== null);
        const name = wellFormed(card.modelId.slice(card.modelId.lastIndexOf("/") + 1));
        const source = { url: wellFormed(card.source.url), name: wellFormed(card.source.name) };
        for (const version of ["1.1", "1.2"] as const) {
          const doc = parseDocument(modelIndexYaml(card), { version, uniqueKeys: true });
          expect(doc.errors).toEqual([]);
          expect(doc.warnings).toEqual([]);
          const index = doc.toJS() as ParsedIndex;
          if (keys.length) expect(index).toEqual(expectedIndex(name, keys, source));
          else expect(index).toEqual({ "model-index": [{ name, results: [] }] });
          valuesOf(index).forEach((value, i) => {
            expect(Math.abs((value ?? NaN) - (card.scores[keys[i] as BenchmarkKey] ?? NaN))).toBeLessThanOrEqual(
              0.005 + 1e-12,
            );
          });
        }
      }),
      { numRuns: 500 },
    );
  });

  it("give Markdown whose heading and link stay on their lines and whose table keeps two columns", () => {
    fc.assert(
      fc.property(input, (card) => {
        const labels = [
          ...(card.average === null ? [] : ["Avg."]),
          ...KEYS.filter((k) => card.scores[k] !== null).map((k) => REFERENCE[k].dataset.name as string),
        ];
        const lines = modelCardMarkdown(card).split("\n");
        expect(lines).toHaveLength(3 + 2 + labels.length + 1);
        const heading = lines[0] ?? "";
        expect(heading).toMatch(/^# (?:[^!-/:-@[-`{-~\n]|\\[!-/:-@[-`{-~])*$/);
        expect(heading.slice(2).replace(/\\(.)/g, "$1")).toBe(
          `${wellFormed(card.source.name)} Evaluation Results`.replace(
            /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g,
            " ",
          ),
        );
        expect(lines[1]).toMatch(
          /^Detailed results can be found \[here\]\((?:[A-Za-z0-9\-._~:/?#[\]@!$'*+,;=%]|\\&)*\)$/,
        );
        expect(lines[2]).toBe("");
        const table = lines.slice(3, -1);
        for (const line of table) expect(line).toMatch(/^\|[^|]*\|[^|]*\|$/);
        expect(table.slice(2).map((line) => line.split("|")[1]?.trimEnd())).toEqual(labels);
        expect(lines.at(-1)).toBe("");
      }),
      { numRuns: 500 },
    );
  });
});
