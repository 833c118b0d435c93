/** The benchmark registry as JSON: tasks, metrics, baselines and how each score is normalized. */
import { createRoute } from "@hono/zod-openapi";
import { createRouter } from "../../edge/context";
import { cachedRoute } from "../../edge/response-cache";
import { benchmarkRegistry, benchmarkRegistryJson } from "../../schemas/benchmarks";
import { jsonContent, notModified } from "../../schemas/common";

// The registry is code, not data: keyed by the deployed version alone, so no write ever moves it.
const route = createRoute(
  cachedRoute(
    [],
    {
      method: "get",
      path: "/api/v1/benchmarks",
      tags: ["Benchmarks"],
      operationId: "getBenchmarks",
      summary: "The benchmark registry",
      responses: {
        200: jsonContent(
          benchmarkRegistry,
          "Every benchmark with its harness tasks, metrics, random baselines and normalization",
        ),
        ...notModified,
      },
    },
    { maxAge: 3600 },
  ),
);

export const benchmarksApi = createRouter().openapi(route, (c) => c.json(benchmarkRegistryJson(), 200));
