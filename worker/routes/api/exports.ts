/** The whole filtered board for download, as CSV or JSON (limit and offset do not apply). */
import { createRoute, z } from "@hono/zod-openapi";
import { boardCsv } from "../../domain/csv";
import { createRouter } from "../../edge/context";
import { cachedRoute, requestVersion } from "../../edge/response-cache";
import { boardPage, boardPageJson, INTERVALS_DESCRIPTION } from "../../schemas/board";
import { boardViewQuery } from "../../schemas/board-query";
import { jsonContent, readErrors } from "../../schemas/common";
import { boardView, datedBoardView } from "../../use-cases/board";
import { readBoardQuery } from "./leaderboard";

const csvRoute = createRoute(
  cachedRoute(["board"], {
    method: "get",
    path: "/api/v1/leaderboard.csv",
    tags: ["Exports"],
    operationId: "exportLeaderboardCsv",
    summary: "The whole filtered board as CSV",
    description:
      "Same parameters as /api/v1/leaderboard; every row of the view, normalized and raw scores, each with its " +
      "`_ci95` (normalized points and raw 0–1), the average's `average_ci95`, `ci_source`, and the rank range as " +
      "`rank_best` and `rank_worst`. " +
      INTERVALS_DESCRIPTION,
    request: { query: boardViewQuery },
    responses: {
      200: { description: "CSV with a header row", content: { "text/csv": { schema: z.string() } } },
      ...readErrors,
    },
  }),
);

const jsonRoute = createRoute(
  cachedRoute(["board"], {
    method: "get",
    path: "/api/v1/leaderboard.json",
    tags: ["Exports"],
    operationId: "exportLeaderboardJson",
    summary: "The whole filtered board as JSON",
    description: `Same parameters and entry shape as /api/v1/leaderboard, every row of the view. ${INTERVALS_DESCRIPTION}`,
    request: { query: boardViewQuery },
    responses: { 200: jsonContent(boardPage, "Every row of the view"), ...readErrors },
  }),
);

const attachment = (ext: string) => `attachment; filename="podium-leaderboard.${ext}"`;

export const exportsApi = createRouter()
  .openapi(csvRoute, async (c) => {
    const query = readBoardQuery(c.req.url);
    const { rows } = await boardView(c.var.db, requestVersion(c, "board"), query, true);
    return c.body(boardCsv(rows), 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": attachment("csv"),
    });
  })
  .openapi(jsonRoute, async (c) => {
    const query = readBoardQuery(c.req.url);
    const version = requestVersion(c, "board");
    const view = await datedBoardView(c.var.db, version, query, true);
    c.header("content-disposition", attachment("json"));
    return c.json(boardPageJson(view, query, version), 200);
  });
