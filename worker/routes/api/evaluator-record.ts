/** GET /api/v1/evaluators/{id}: an evaluator's public record (trust, hardware, how its runs fared, its runs). */
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../../edge/context";
import { orRefuse } from "../../edge/refusals";
import { cachedRoute } from "../../edge/response-cache";
import { errorContent, jsonContent, notModified } from "../../schemas/common";
import { evaluatorRecordJson, evaluatorRecordQuery, evaluatorRecordToJson } from "../../schemas/evaluator-record";
import { evaluatorStanding } from "../../use-cases/evaluator-record";

const route = createRoute(
  cachedRoute(["board", "moderation"], {
    method: "get",
    path: "/api/v1/evaluators/{id}",
    tags: ["Evaluators"],
    operationId: "getEvaluator",
    summary: "An evaluator's public record and its runs, newest first",
    request: { params: z.object({ id: z.string().min(1).max(100) }), query: evaluatorRecordQuery },
    responses: {
      200: jsonContent(evaluatorRecordJson, "The evaluator, how its runs fared, and a page of its runs"),
      400: errorContent("A parameter is invalid; `error.details[0].path` names it"),
      404: errorContent("No such evaluator"),
      ...notModified,
    },
  }),
);

export const evaluatorRecordApi = createRouter().openapi(route, async (c) => {
  const record = orRefuse(await evaluatorStanding(c.var.db, c.req.valid("param").id, c.req.valid("query")));
  return c.json(evaluatorRecordToJson(record), 200);
});
