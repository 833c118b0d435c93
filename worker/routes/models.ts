/** One model as JSON: its metadata, every evaluation (any status) with scores, subtasks and provenance, ranks. */
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../context";
import { modelDetail as detailOf } from "../domain/model-detail";
import { PodiumError } from "../errors";
import { cachedRoute } from "../middleware/cache";
import { modelHistory } from "../store/board";
import type { Db } from "../store/db";
import { errorEnvelope, jsonContent, modelDetail } from "./openapi-shapes";

const segment = (description: string) => z.string().min(1).max(200).openapi({ description });

const responses = {
  200: jsonContent(modelDetail, "The model, its evaluations and its current ranks"),
  404: jsonContent(errorEnvelope, "No model with this id"),
};

const withOrg = createRoute(
  cachedRoute(["board"], {
    method: "get",
    path: "/api/v1/models/{org}/{name}",
    tags: ["Models"],
    summary: "A model and its evaluation history",
    request: { params: z.object({ org: segment("Hub namespace, e.g. `meta-llama`"), name: segment("Model name") }) },
    responses,
  }),
);

const legacy = createRoute(
  cachedRoute(["board"], {
    method: "get",
    path: "/api/v1/models/{name}",
    tags: ["Models"],
    summary: "A model with a legacy Hub id without namespace (e.g. `gpt2`)",
    request: { params: z.object({ name: segment("Legacy model id") }) },
    responses,
  }),
);

async function detail(db: Db, id: string) {
  const found = await modelHistory(db, id);
  if (!found) throw new PodiumError("not_found", `No model ${id}`);
  return detailOf(found.model, found.evaluations, found.ranks, found.boardSize);
}

export const modelsApi = createRouter()
  .openapi(withOrg, async (c) => {
    const { org, name } = c.req.valid("param");
    return c.json(await detail(c.var.db, `${org}/${name}`), 200);
  })
  .openapi(legacy, async (c) => {
    const { name } = c.req.valid("param");
    return c.json(await detail(c.var.db, name), 200);
  });
