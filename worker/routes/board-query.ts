/** Query parameters shared by the board's JSON API and its page. */
import { z } from "@hono/zod-openapi";

export const boardQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100).openapi({ description: "Rows per page (≤ 500)" }),
  offset: z.coerce.number().int().min(0).default(0).openapi({ description: "Rows to skip" }),
});
