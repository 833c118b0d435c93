/**
 * Full lm-evaluation-harness results files for the ingest benchmark: the real harness output in
 * test/fixtures/lm-eval (a `--limit 1` run) made into a full run (no limit, every sample counted) whose metric
 * values reproduce a real board row's normalized scores through the benchmark registry. `samples` is dropped:
 * a full run writes those to separate files, so a pushed results file does not carry them.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { root } from "../scripts/app-server";
import { BENCHMARKS } from "../worker/domain/benchmarks";
import type { SeedEvaluation } from "../worker/domain/seed";

type Json = Record<string, unknown>;

const FIXTURE = path.join(root, "test/fixtures/lm-eval/qwen3-8b-leaderboard-limit1.json");

/** The raw value that `normalize(raw, baseline)` turns into `normalized`. */
const rawFor = (normalized: number, baseline: number) => baseline + (normalized / 100) * (1 - baseline);

/** A full results file (as `lm_eval --tasks leaderboard` writes it) scoring like `row`. */
export function fullResultsFile(row: SeedEvaluation): Json {
  const file = JSON.parse(readFileSync(FIXTURE, "utf8")) as Json & {
    results: Record<string, Json>;
    config: Json;
    "n-samples": Record<string, { original: number; effective: number }>;
  };
  delete file.samples;
  file.config.limit = null;
  for (const counts of Object.values(file["n-samples"])) counts.effective = counts.original;
  for (const b of BENCHMARKS) {
    const normalized = row.scores[b.key].normalized;
    const a = b.aggregation;
    if (a.kind === "single") file.results[a.task]![a.metric] = rawFor(normalized, a.baseline);
    else if (a.kind === "subtask-mean") {
      for (const s of a.subtasks) file.results[s.task]![a.metric] = rawFor(normalized, s.baseline);
    } else for (const metric of a.metrics) file.results[a.task]![metric] = normalized / 100;
  }
  return file;
}
