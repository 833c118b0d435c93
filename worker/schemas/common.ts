/**
 * What every route's OpenAPI description shares: the error envelope, JSON content, the common answers and the
 * security schemes (edge/errors.ts makes the envelope; edge/session.ts, edge/admin.ts and edge/signed-request.ts
 * check what the schemes name).
 */
import { type RouteConfig, z } from "@hono/zod-openapi";
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

/** An error answer: the envelope, with what the status means here. */
export function errorContent(description: string) {
  return jsonContent(errorEnvelope, description);
}

/** A JSON request body of a schema. */
export function jsonBody<T extends ZodType>(schema: T) {
  return { body: { content: { "application/json": { schema } }, required: true } };
}

type RequestBody = NonNullable<NonNullable<RouteConfig["request"]>["body"]>;

/**
 * A JSON request body documented from its zod schema but left to the route to read: the router validates zod
 * bodies, which would consume a signed message before its signature is checked on the raw bytes.
 */
export function unvalidatedBody(schema: ZodType, description: string): RequestBody {
  const { $schema: _, ...json } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });
  return { description, content: { "application/json": { schema: json } } } as unknown as RequestBody;
}

/** What a route that reads a JSON body answers to a body it cannot read (edge/body-limit.ts, the validator). */
export const jsonBodyErrors = {
  413: errorContent("The body is over 64 KiB"),
  415: errorContent("The body is not sent as JSON: send `Content-Type: application/json`"),
} as const;

export const notModified = { 304: { description: "Not modified (If-None-Match matched the ETag)" } } as const;

/** The answers of a read that takes the board's parameters: a bad one is a 400 naming it. */
export const readErrors = {
  400: errorContent("A parameter is invalid; `error.details[0].path` names it"),
  ...notModified,
} as const;

/** Security requirements, by the scheme names registered in routes/api/openapi.ts. */
export const SECURITY: Record<"session" | "admin" | "signed", Array<Record<string, string[]>>> = {
  session: [{ session: [] }],
  admin: [{ admin: [] }],
  signed: [{ webhookSignature: [] }],
};

export const signedInErrors = {
  401: errorContent("Not signed in"),
  403: errorContent("A request with the session cookie came from another origin"),
} as const;
