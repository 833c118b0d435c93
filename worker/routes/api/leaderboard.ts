/** The board as JSON: any view of it, by the same parameters as the page's URL; and the island's whole dataset. */
import { createRoute, z } from "@hono/zod-openapi";
import { boardRows } from "../../domain/board/snapshot";
import { encodeBoard } from "../../domain/board/wire";
import { boardQueryFromParams } from "../../domain/board/params";
import type { BoardQuery } from "../../domain/board/query";
import { createRouter } from "../../edge/context";
import { PodiumError } from "../../edge/errors";
import { cachedRoute, requestVersion } from "../../edge/response-cache";
import { boardPage, boardPageJson, INTERVALS_DESCRIPTION } from "../../schemas/board";
import { boardParameter, boardViewQuery } from "../../schemas/board-query";
import { jsonContent, readErrors } from "../../schemas/common";
import { compactBoardOf, datedBoardView } from "../../use-cases/board";

/** Where the island loads the compact board from (the page names it with the board version). */
export const ROWS_PATH = "/api/v1/leaderboard/rows.json";

/** The compact board of a version, now or as of a day. */
export function rowsHref(version: string, asOf: string | null): string {
  const params = new URLSearchParams({ v: version });
  if (asOf !== null) params.set("as_of", asOf);
  return `${ROWS_PATH}?${params}`;
}

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

const view = createRoute(
  cachedRoute(["board"], {
    method: "get",
    path: "/api/v1/leaderboard",
    tags: ["Leaderboard"],
    operationId: "getLeaderboard",
    summary: "A view of the ranked board",
    description:
      "Filters, search, sort, rank mode and average mode as on the page. `total` counts the whole view (pinned " +
      "rows included) before paging; `version` is the board version the answer was computed from. " +
      INTERVALS_DESCRIPTION,
    request: { query: boardViewQuery },
    responses: { 200: jsonContent(boardPage, "A page of the view"), ...readErrors },
  }),
);

const wire = z
  .object({
    version: z.string(),
    fields: z.array(z.string()),
    rows: z.array(z.array(z.unknown())).openapi({ description: "One array per ranked evaluation, in `fields` order" }),
  })
  .openapi("BoardWire");

// The URL names the version it wants, so a day of browser caching is safe; an old name moves to the current.
const rows = createRoute(
  cachedRoute(
    ["board"],
    {
      method: "get",
      path: ROWS_PATH,
      tags: ["Leaderboard"],
      operationId: "getBoardRows",
      summary: "The whole ranked board, compact, for the page's island",
      request: {
        query: z.object({
          v: z.string().optional().openapi({ description: "The board version" }),
          as_of: boardParameter("as_of"),
        }),
      },
      responses: {
        200: jsonContent(
          wire,
          "Every row of that board version (as it stood at the end of `as_of`, when given), in the board's canonical order",
        ),
        302: { description: "`v` is not the current board version: the URL of the current one" },
        304: readErrors[304],
        400: readErrors[400],
      },
    },
    { maxAge: 86_400 },
  ),
);

export const leaderboardApi = createRouter()
  .openapi(view, async (c) => {
    const query = readBoardQuery(c.req.url);
    const version = requestVersion(c, "board");
    const view = await datedBoardView(c.var.db, version, query);
    return c.json(boardPageJson(view, query, version), 200);
  })
  .openapi(rows, async (c) => {
    const version = requestVersion(c, "board");
    const { v, as_of } = c.req.valid("query");
    const asOf = as_of?.trim() || null;
    if (v !== version) return c.redirect(rowsHref(version, asOf), 302);
    return c.json(encodeBoard(boardRows(await compactBoardOf(c.var.db, version, asOf)), version), 200);
  });
