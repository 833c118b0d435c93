/** The OpenAPI document (`/api/v1/openapi.json`), generated from every route's zod description. */
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { type AppEnv, createRouter } from "../../edge/context";
import { cachedRoute } from "../../edge/response-cache";
import { jsonContent, notModified } from "../../schemas/common";

export const OPENAPI_INFO = {
  openapi: "3.1.0",
  info: {
    title: "Podium API",
    version: "1",
    description:
      "JSON API of Podium, the open LLM leaderboard: any view of the board, models with their full evaluation " +
      "history, the benchmark registry, bulk exports, badges and the feed; the queue with submissions and votes " +
      "(signed in with Hugging Face); the signed endpoints evaluators push results to; and the admin API for " +
      "evaluator credentials.",
  },
} as const;

/** The security schemes the routes name (schemas/common.ts SECURITY), registered once in the document. */
export function registerSecuritySchemes(app: OpenAPIHono<AppEnv>): void {
  const registry = app.openAPIRegistry;
  registry.registerComponent("securitySchemes", "session", {
    type: "apiKey",
    in: "cookie",
    name: "__Host-podium_session",
    description: "The session cookie of a Hugging Face sign-in (/auth/login); writes must come from this origin",
  });
  registry.registerComponent("securitySchemes", "admin", {
    type: "http",
    scheme: "bearer",
    description: "ADMIN_TOKEN",
  });
  registry.registerComponent("securitySchemes", "webhookSignature", {
    type: "apiKey",
    in: "header",
    name: "webhook-signature",
    description:
      "Standard Webhooks: `webhook-id`, `webhook-timestamp` and `webhook-signature` (v1 HMAC-SHA256 or v1a " +
      "Ed25519) over `id.timestamp.body`, with the evaluator's key",
  });
}

// The document describes the code, not the data: keyed by the deployed version alone, no write moves it.
const route = createRoute(
  cachedRoute(
    [],
    {
      method: "get",
      path: "/api/v1/openapi.json",
      tags: ["Reference"],
      operationId: "getOpenApi",
      summary: "This document",
      responses: {
        200: jsonContent(z.record(z.string(), z.unknown()).openapi({ description: "OpenAPI 3.1" }), "The document"),
        ...notModified,
      },
    },
    { maxAge: 300 },
  ),
);

/** The route serving `document()`, which is generated once per isolate on first use. */
export function openApiRoute(document: () => object) {
  return createRouter().openapi(route, (c) => c.json(document() as Record<string, unknown>, 200));
}
