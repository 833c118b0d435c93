/** GET /api/v1/me: who is signed in. */
import { createRoute } from "@hono/zod-openapi";
import { createRouter } from "../../edge/context";
import { requireUser } from "../../edge/session";
import { me } from "../../schemas/auth";
import { errorContent, jsonContent, SECURITY } from "../../schemas/common";
import { me as signedInUser } from "../../use-cases/sessions";

const route = createRoute({
  method: "get",
  path: "/api/v1/me",
  tags: ["Account"],
  operationId: "getMe",
  summary: "The signed-in user",
  security: [...SECURITY.session],
  responses: { 200: jsonContent(me, "The signed-in user"), 401: errorContent("Not signed in") },
});

export const meApi = createRouter().openapi(route, async (c) =>
  c.json(await signedInUser(c.var.db, await requireUser(c)), 200),
);
