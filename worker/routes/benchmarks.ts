/** The benchmark registry as JSON: tasks, metrics, baselines and how each score is normalized. */
import { createRoute } from "@hono/zod-openapi";
import { createRouter } from "../context";
import { BENCHMARKS, type Benchmark } from "../domain/benchmarks";
import { cachedRoute } from "../middleware/cache";
import { benchmarkRegistry, jsonContent } from "./openapi-shapes";

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

function entry(b: Benchmark) {
  const a = b.aggregation;
  const tasks =
    a.kind === "subtask-mean"
      ? a.subtasks.map((s) => ({ task: s.task, metric: a.metric, baseline: s.baseline }))
      : a.kind === "single"
        ? [{ task: a.task, metric: a.metric, baseline: a.baseline }]
        : a.metrics.map((metric) => ({ task: a.task, metric, baseline: 0 }));
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

// The registry is code, not data: keyed by the deployed version alone, so no write ever moves it.
const route = createRoute(
  cachedRoute(
    [],
    {
      method: "get",
      path: "/api/v1/benchmarks",
      tags: ["Benchmarks"],
      summary: "The benchmark registry",
      responses: {
        200: jsonContent(
          benchmarkRegistry,
          "Every benchmark with its harness tasks, metrics, random baselines and normalization",
        ),
      },
    },
    { maxAge: 3600 },
  ),
);

export const benchmarksApi = createRouter().openapi(route, (c) => {
  return c.json(
    {
      formula: FORMULA,
      average: "arithmetic mean of the six normalized scores",
      data: BENCHMARKS.map(entry),
    },
    200,
  );
});
