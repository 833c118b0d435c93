/** Liveness: answers without touching D1, so a probe never costs a query. */
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../../edge/context";
import { jsonContent } from "../../schemas/common";

const route = createRoute({
  method: "get",
  path: "/healthz",
  tags: ["Health"],
  operationId: "getHealth",
  summary: "Liveness (served even while a secret is too short)",
  responses: { 200: jsonContent(z.object({ status: z.literal("ok") }), "The Worker runs") },
});

export const healthApi = createRouter().openapi(route, (c) => c.json({ status: "ok" as const }, 200));
