/**
 * The one error type. Every failure leaves the Worker as `{"error": {"code", "message", "details"}}` with the
 * status its code maps to; validation failures included, stack traces never.
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ZodError } from "zod";
import { Unavailable } from "../adapters/unavailable";

const STATUS = {
  bad_request: 400,
  invalid_parameter: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof STATUS;

const CODE_BY_STATUS = new Map<number, ErrorCode>(
  (Object.entries(STATUS) as Array<[ErrorCode, number]>).reverse().map(([code, status]) => [status, code]),
);

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

export class PodiumError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    /** Extra response headers, e.g. Retry-After on 429. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "PodiumError";
  }

  get status(): ContentfulStatusCode {
    return STATUS[this.code];
  }

  toBody(): ErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}

/** A zod failure as a PodiumError whose details list every problem with its JSON path. */
export function fromZodError(error: ZodError, what: string, code: ErrorCode = "bad_request"): PodiumError {
  const details = error.issues.map((issue) => ({
    path: issue.path.map(String).join("."),
    message: issue.message,
  }));
  const first = details[0];
  const where = first?.path ? ` at ${first.path}` : "";
  return new PodiumError(code, `Invalid ${what}${where}: ${first?.message ?? "malformed"}`, details);
}

/** An outside service's failure as the 503 it answers, with Retry-After when the adapter knows one. */
export function unavailableError(err: Unavailable): PodiumError {
  const headers = err.retryAfterSeconds === undefined ? undefined : { "retry-after": String(err.retryAfterSeconds) };
  return new PodiumError("unavailable", err.message, undefined, headers);
}

const JSON_ONLY = "The body must be JSON, sent with the header Content-Type: application/json";

/** The app's onError: known errors keep their code; anything else becomes an opaque 500. */
export function errorResponse(err: unknown, c: Context): Response {
  if (err instanceof Unavailable) return errorResponse(unavailableError(err), c);
  if (err instanceof PodiumError) {
    return c.json(err.toBody(), err.status, err.headers);
  }
  // Hono's own validators throw these for bad input (e.g. "Malformed JSON in request body"): a 4xx, not a 500.
  if (err instanceof HTTPException && err.status >= 400 && err.status < 500) {
    const code = CODE_BY_STATUS.get(err.status) ?? "bad_request";
    // The validator's own words ("Unsupported Media Type") do not say what to send; `curl -d` sends a form type.
    const message = err.status === 415 ? JSON_ONLY : err.message || "Bad request";
    return c.json(new PodiumError(code, message).toBody(), STATUS[code]);
  }
  console.error(err);
  return c.json(new PodiumError("internal", "Internal error").toBody(), 500);
}
