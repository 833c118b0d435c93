/** One model as JSON: its metadata, every evaluation (any status) with scores, subtasks and provenance, ranks. */
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { type AppEnv, createRouter } from "../../edge/context";
import { orRefuse } from "../../edge/refusals";
import { cachedRoute, requestVersion } from "../../edge/response-cache";
import { INTERVALS_DESCRIPTION } from "../../schemas/board";
import { errorContent, jsonContent, notModified } from "../../schemas/common";
import { modelDetail, modelDetailJson } from "../../schemas/models";
import { historyRankRanges, modelRecord } from "../../use-cases/board";

const segment = (description: string) => z.string().min(1).max(200).openapi({ description });

const responses = {
  200: jsonContent(modelDetail, "The model, its evaluations and its current ranks"),
  404: errorContent("No model with this id"),
  ...notModified,
};

const withOrg = createRoute(
  cachedRoute(["board"], {
    method: "get",
    path: "/api/v1/models/{org}/{name}",
    tags: ["Models"],
    operationId: "getModel",
    summary: "A model and its evaluation history",
    description: INTERVALS_DESCRIPTION,
    request: { params: z.object({ org: segment("Hub namespace, e.g. `meta-llama`"), name: segment("Model name") }) },
    responses,
  }),
);

const legacy = createRoute(
  cachedRoute(["board"], {
    method: "get",
    path: "/api/v1/models/{name}",
    tags: ["Models"],
    operationId: "getLegacyModel",
    summary: "A model with a legacy Hub id without namespace (e.g. `gpt2`)",
    description: INTERVALS_DESCRIPTION,
    request: { params: z.object({ name: segment("Legacy model id") }) },
    responses,
  }),
);

/** The model's document, each ranked evaluation with its rank range on the board version answered. */
async function detail(c: Context<AppEnv>, id: string) {
  const version = requestVersion(c, "board");
  const history = orRefuse(await modelRecord(c.var.db, version, id));
  return modelDetailJson(history, await historyRankRanges(version, history));
}

export const modelsApi = createRouter()
  .openapi(withOrg, async (c) => {
    const { org, name } = c.req.valid("param");
    return c.json(await detail(c, `${org}/${name}`), 200);
  })
  .openapi(legacy, async (c) => {
    const { name } = c.req.valid("param");
    return c.json(await detail(c, name), 200);
  });
