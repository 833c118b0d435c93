/** Response shapes shared by the API routes' OpenAPI definitions. */
import { z } from "@hono/zod-openapi";
import type { ZodType } from "zod";

export const errorEnvelope = z
  .object({
    error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
  })
  .openapi("Error");

/** A JSON response of a schema. */
export function jsonContent<T extends ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } };
}

export const errorResponses = {
  400: jsonContent(errorEnvelope, "A parameter is invalid; `error.details[0].path` names it"),
  304: { description: "Not modified (If-None-Match matched the ETag)" },
} as const;
