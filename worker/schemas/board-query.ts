/** The board's query parameters as zod, for the API and export routes (and their OpenAPI document). */
import { z } from "@hono/zod-openapi";
import { BOARD_PARAMETERS, type ParameterShape } from "../domain/board/params";
import { defaultBoardQuery } from "../domain/board/query";

/**
 * A parameter's shape as OpenAPI: lists are arrays written comma-separated (`style: form`, `explode: false`),
 * choices enums, flags booleans, counts integers with their bounds. Values still reach the codec as text.
 */
function documented(shape: ParameterShape | undefined) {
  switch (shape?.kind) {
    case undefined:
      return {};
    case "list":
      return {
        type: "array" as const,
        items: shape.values ? { type: "string" as const, enum: [...shape.values] } : { type: "string" as const },
        param: { style: "form" as const, explode: false },
      };
    case "choice":
      return { type: "string" as const, enum: [...shape.values], default: shape.default };
    case "boolean":
      return { type: "boolean" as const };
    case "integer":
      return {
        type: "integer" as const,
        minimum: shape.minimum,
        ...(shape.maximum === undefined ? {} : { maximum: shape.maximum }),
        default: shape.default,
      };
    case "pattern":
      return { type: "string" as const, pattern: shape.pattern };
  }
}

/** One board parameter as zod: validated by the codec's own reader, documented by its description and shape. */
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
    .openapi({ description: parameter.description, ...documented(parameter.shape) });
}

/** Every board parameter, for routes that take a view of the board (the OpenAPI document lists them all). */
export const boardViewQuery = z.object(
  Object.fromEntries(Object.keys(BOARD_PARAMETERS).map((name) => [name, boardParameter(name)])) as Record<
    string,
    ReturnType<typeof boardParameter>
  >,
);
