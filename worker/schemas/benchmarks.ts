/** The benchmark registry as JSON: tasks, metrics, baselines and how each score is normalized. */
import { z } from "@hono/zod-openapi";
import { BENCHMARKS, type Benchmark } from "../domain/benchmarks";
import { itemCount } from "../domain/statistics";

export const benchmarkRegistry = z
  .object({
    formula: z.string(),
    average: z.string(),
    data: z.array(
      z
        .object({
          key: z.string(),
          title: z.string(),
          description: z.string(),
          shots: z.number().int(),
          items: z.number().int(),
          aggregation: z.string(),
          tasks: z.array(
            z.object({
              task: z.string(),
              metric: z.string(),
              baseline: z.number(),
              items: z
                .number()
                .int()
                .openapi({ description: "What the metric is a mean over (prompts, instructions…)" }),
            }),
          ),
          normalization: z.string(),
        })
        .openapi("Benchmark"),
    ),
  })
  .openapi("BenchmarkRegistry");
export type BenchmarkRegistry = z.infer<typeof benchmarkRegistry>;

const FORMULA = "normalize(v, baseline) = max(v − baseline, 0) / (1 − baseline) × 100";

function normalization(b: Benchmark): string {
  const a = b.aggregation;
  switch (a.kind) {
    case "single":
      return a.baseline === 0 ? `${a.metric} of ${a.task} × 100` : `normalize(${a.metric} of ${a.task}, ${a.baseline})`;
    case "subtask-mean":
      return `unweighted mean over ${a.subtasks.length} subtasks of normalize(${a.metric}, subtask baseline)`;
    case "metric-mean":
      return `mean of ${a.metrics.join(" and ")} of ${a.task} × 100`;
  }
}

function entry(b: Benchmark): BenchmarkRegistry["data"][number] {
  const a = b.aggregation;
  const read =
    a.kind === "subtask-mean"
      ? a.subtasks.map((s) => ({ task: s.task, metric: a.metric, baseline: s.baseline }))
      : a.kind === "single"
        ? [{ task: a.task, metric: a.metric, baseline: a.baseline }]
        : a.metrics.map((metric) => ({ task: a.task, metric, baseline: 0 }));
  const tasks = read.map((t) => ({ ...t, items: itemCount(t.task, t.metric) }));
  return {
    key: b.key,
    title: b.title,
    description: b.description,
    shots: b.shots,
    items: b.items,
    aggregation: a.kind,
    tasks,
    normalization: normalization(b),
  };
}

/** The registry document. */
export function benchmarkRegistryJson(): BenchmarkRegistry {
  return { formula: FORMULA, average: "arithmetic mean of the six normalized scores", data: BENCHMARKS.map(entry) };
}
