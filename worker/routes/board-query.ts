/** The board's query parameters as zod, for the API and export routes (and their OpenAPI document). */
import { z } from "@hono/zod-openapi";
import type { BoardQuery } from "../domain/board";
import { BOARD_PARAMETERS, boardQueryFromParams, defaultBoardQuery } from "../domain/board";
import { PodiumError } from "../errors";

/** One board parameter as zod: validated by the engine's own reader, documented by its description. */
function boardParameter(name: string) {
  const parameter = BOARD_PARAMETERS[name];
  if (!parameter) throw new Error(`unknown board parameter ${name}`);
  return z
    .string()
    .optional()
    .superRefine((value, ctx) => {
      if (value === undefined) return;
      const result = parameter.read(value, defaultBoardQuery());
      if (!result.ok) ctx.addIssue({ code: "custom", message: result.message });
    })
    .openapi({ description: parameter.description });
}

/** Every board parameter, for routes that take a view of the board (the OpenAPI document lists them all). */
export const boardViewQuery = z.object(
  Object.fromEntries(Object.keys(BOARD_PARAMETERS).map((name) => [name, boardParameter(name)])) as Record<
    string,
    ReturnType<typeof boardParameter>
  >,
);

/**
 * The board query of a request URL. Zod has checked the first value of each parameter; repeated list
 * parameters (`types=a&types=b`) are checked here, failing with the same envelope.
 */
export function readBoardQuery(url: string): BoardQuery {
  const result = boardQueryFromParams(new URL(url).searchParams);
  if (!result.ok) {
    throw new PodiumError("invalid_parameter", `Invalid parameter at ${result.parameter}: ${result.message}`, [
      { path: result.parameter, message: result.message },
    ]);
  }
  return result.query;
}
