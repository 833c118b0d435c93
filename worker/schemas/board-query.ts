/** The board's query parameters as zod, for the API and export routes (and their OpenAPI document). */
import { z } from "@hono/zod-openapi";
import { BOARD_PARAMETERS } from "../domain/board/params";
import { defaultBoardQuery } from "../domain/board/query";

/** One board parameter as zod: validated by the codec's own reader, documented by its description. */
export function boardParameter(name: string) {
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
