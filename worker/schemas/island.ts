/** The shapes of the island's data: a board version's slice (binary), its rest, and a page of a view. */
import { z } from "@hono/zod-openapi";

export const sliceRest = z
  .object({
    ids: z.array(z.string()).openapi({ description: "Evaluation ids, in the slice's row order" }),
    baseModel: z.array(z.string().nullable()),
    uploadDate: z.array(z.string().nullable()),
    submissionDate: z.array(z.string().nullable()),
    likes: z.array(z.number().int()),
    generation: z.array(z.number().int()),
  })
  .openapi("BoardSliceRest");

export const sliceContent = {
  description:
    "The slice of that board version (as it stood at the end of `as_of`, when given): the columns of every " +
    "ranked evaluation the page's island filters, sorts and renders, in the little-endian layout of " +
    "worker/domain/board/slice.ts, gzipped (the body is the gzip file; no Content-Encoding)",
  content: { "application/gzip": { schema: z.string().openapi({ format: "binary" }) } },
} as const;

export const islandView = z
  .object({
    rows: z
      .array(z.record(z.string(), z.unknown()))
      .openapi({ description: "The page's rows, each its rank, rank range and lean row (its seeded errors left out)" }),
    total: z.number().int().openapi({ description: "Rows in the whole view, pinned included" }),
    boardSize: z.number().int().openapi({ description: "Evaluations on the board the view ranks among" }),
    version: z.string().openapi({ description: "The board version the answer was computed from" }),
  })
  .openapi("BoardIslandView");
