/** Ranked models side by side: `GET /api/v1/compare?models=a,b,...`. */
import { createRoute } from "@hono/zod-openapi";
import { MAX_COMPARED, parseModelRef } from "../../domain/board/compare";
import { createRouter } from "../../edge/context";
import { PodiumError } from "../../edge/errors";
import { orRefuse } from "../../edge/refusals";
import { cachedRoute, requestVersion } from "../../edge/response-cache";
import { INTERVALS_DESCRIPTION } from "../../schemas/board";
import { errorContent, jsonContent, readErrors } from "../../schemas/common";
import { comparePage, comparePageJson, compareQuery } from "../../schemas/compare";
import { compareRanked } from "../../use-cases/compare";

const route = createRoute(
  cachedRoute(["board"], {
    method: "get",
    path: "/api/v1/compare",
    tags: ["Models"],
    operationId: "compareModels",
    summary: "Ranked models side by side, every pair's differences with their intervals",
    description:
      `Up to ${MAX_COMPARED} models, each by its best ranked evaluation (of one precision with \`@precision\`), ` +
      "with their board entries (rank and rank range on the whole board), and for every pair and every benchmark " +
      "plus the average the difference, its 95% half-width and the verdict. " +
      INTERVALS_DESCRIPTION,
    request: { query: compareQuery },
    responses: {
      200: jsonContent(comparePage, "The entries and the pairs"),
      ...readErrors,
      404: errorContent("A model was never evaluated (`No model …`), or has no ranked evaluation"),
    },
  }),
);

function invalid(message: string): PodiumError {
  return new PodiumError("invalid_parameter", `Invalid parameter at models: ${message}`, [{ path: "models", message }]);
}

/** The asked ids, trimmed and deduplicated in order; 2 to MAX_COMPARED of them, each a valid ref. */
function askedIds(models: string): string[] {
  const ids = [
    ...new Set(
      models
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  if (ids.length < 2 || ids.length > MAX_COMPARED) {
    throw invalid(`name 2 to ${MAX_COMPARED} models separated by commas (${ids.length} named)`);
  }
  const bad = ids.find((id) => parseModelRef(id) === null);
  if (bad !== undefined) throw invalid(`“${bad}” is not org/name or org/name@precision with a known precision`);
  return ids;
}

export const compareApi = createRouter().openapi(route, async (c) => {
  const ids = askedIds(c.req.valid("query").models);
  const version = requestVersion(c, "board");
  const { rows, pairs } = orRefuse(await compareRanked(c.var.db, version, ids));
  return c.json(comparePageJson(rows, pairs, version), 200);
});
