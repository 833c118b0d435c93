/** The ranked board as JSON. */
import { createRoute } from "@hono/zod-openapi";
import { createRouter } from "../context";
import { leaderboardEntry } from "../domain/entries";
import { rankedByAverage } from "../store/evaluations";
import { boardQuery } from "./board-query";

const route = createRoute({
  method: "get",
  path: "/api/v1/leaderboard",
  request: { query: boardQuery },
  responses: { 200: { description: "A page of the ranked board, best average first" } },
});

export const leaderboardApi = createRouter().openapi(route, async (c) => {
  const page = c.req.valid("query");
  const { rows, total } = await rankedByAverage(c.var.db, page);
  return c.json({
    data: rows.map((r) => leaderboardEntry(r.rank, r.evaluation, r.model)),
    total,
  });
});
