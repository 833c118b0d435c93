/** The board as JSON: any view of it, by the same parameters as the page's URL. */
import { createRoute } from "@hono/zod-openapi";
import { createRouter } from "../context";
import { boardEntry } from "../domain/entries";
import { cachedRoute, requestVersion } from "../middleware/cache";
import { boardView } from "../services/board";
import { boardViewQuery, readBoardQuery } from "./board-query";
import { boardPage, errorResponses, jsonContent } from "./openapi-shapes";

const route = createRoute(
  cachedRoute(["board"], {
    method: "get",
    path: "/api/v1/leaderboard",
    tags: ["Leaderboard"],
    summary: "A view of the ranked board",
    description:
      "Filters, search, sort, rank mode and average mode as on the page. `total` counts the whole view (pinned " +
      "rows included) before paging; `version` is the board version the answer was computed from.",
    request: { query: boardViewQuery },
    responses: {
      200: jsonContent(boardPage, "A page of the view"),
      ...errorResponses,
    },
  }),
);

export const leaderboardApi = createRouter().openapi(route, async (c) => {
  const query = readBoardQuery(c.req.url);
  const version = requestVersion(c, "board");
  const { rows, total } = await boardView(c.var.db, version, query);
  return c.json({ data: rows.map(boardEntry), total, version }, 200);
});
