/** The compare API's answer: the models' ranked entries and every pair's differences with their verdicts. */
import { z } from "@hono/zod-openapi";
import { COMPARED_ON, MAX_COMPARED, type PairComparison } from "../domain/board/compare";
import type { RankedRow } from "../domain/board/engine";
import { boardEntry, boardEntryJson } from "./board";

export const compareQuery = z.object({
  models: z.string().openapi({
    description: `2 to ${MAX_COMPARED} model ids separated by commas, each \`org/name\` (its best ranked evaluation) or \`org/name@precision\``,
    example: "01-ai/Yi-1.5-34B-Chat,01-ai/Yi-1.5-34B@bfloat16",
  }),
});

const pair = z
  .object({
    a: z.string().openapi({ description: "The first model, `org/name@precision`" }),
    b: z.string().openapi({ description: "The second model, `org/name@precision`" }),
    benchmark: z.enum(COMPARED_ON as [string, ...string[]]).openapi({ description: "A benchmark, or `average`" }),
    difference: z
      .number()
      .nullable()
      .openapi({ description: "`a − b` in normalized points; null unless both have the score and its SE" }),
    ci95: z.number().nullable().openapi({
      description: "Half-width of the difference's 95% interval, `1.96·sqrt(SE_a² + SE_b²)`; null without both SEs",
    }),
    verdict: z.enum(["a_ahead", "b_ahead", "tied"]).nullable().openapi({
      description: "`a_ahead` or `b_ahead` when `|difference| > ci95`, else `tied`; null without an interval",
    }),
  })
  .openapi("ComparisonPair");

export const comparePage = z
  .object({
    data: z.array(boardEntry).openapi({ description: "Each model's ranked entry, in the order asked" }),
    comparisons: z
      .array(pair)
      .openapi({ description: "Every pair in the order asked, each benchmark then the average" }),
    version: z.string(),
  })
  .openapi("Comparison");
export type ComparePage = z.infer<typeof comparePage>;

const refOf = (r: RankedRow) => `${r.row.model}@${r.row.precision}`;

/** The API answer of compared rows. */
export function comparePageJson(
  rows: readonly RankedRow[],
  pairs: readonly PairComparison[],
  version: string,
): ComparePage {
  return {
    data: rows.map((r) => boardEntryJson(r)),
    comparisons: pairs.map((p) => ({
      a: refOf(rows[p.a] as RankedRow),
      b: refOf(rows[p.b] as RankedRow),
      benchmark: p.on,
      difference: p.comparison?.difference ?? null,
      ci95: p.comparison?.ci95 ?? null,
      verdict: p.comparison?.verdict ?? null,
    })),
    version,
  };
}
