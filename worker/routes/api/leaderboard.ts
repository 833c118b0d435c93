/** The board as JSON: any view of it, by the same parameters as the page's URL; and the island's data. */
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { encodeSlice, SLICE_FORMAT, sliceRest as restOf } from "../../domain/board/slice";
import { boardRows } from "../../domain/board/snapshot";
import { ISLAND_VIEW_PATH, leanRow } from "../../domain/board/wire";
import { boardQueryFromParams } from "../../domain/board/params";
import type { BoardQuery } from "../../domain/board/query";
import { type AppEnv, createRouter } from "../../edge/context";
import { PodiumError } from "../../edge/errors";
import { cachedRoute, requestVersion } from "../../edge/response-cache";
import { boardPage, boardPageJson, INTERVALS_DESCRIPTION } from "../../schemas/board";
import { boardParameter, boardViewQuery } from "../../schemas/board-query";
import { errorContent, jsonContent, readErrors } from "../../schemas/common";
import { islandView, sliceContent, sliceRest } from "../../schemas/island";
import { boardSizeOf, boardView, compactBoardOf, datedBoardView } from "../../use-cases/board";

/**
 * Where the island loads a board version's slice from; the slice's rest is under `${sliceHref(v)}/rest`. The
 * path names the slice's layout: a browser keeps a slice for a year, and a deploy that changes the layout must not
 * hand the new island a slice of the old one under the same URL.
 */
export const SLICES_PATH = `/api/v1/leaderboard/slices/v${SLICE_FORMAT}`;

/** The slice of a board version: an immutable URL (the island adds `as_of` for another day's board). */
export function sliceHref(version: string): string {
  return `${SLICES_PATH}/${encodeURIComponent(version)}`;
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

const versionParam = z.object({
  version: z.string().min(1).max(100).openapi({ description: "The board version, as the page names it" }),
});
const asOfQuery = z.object({ as_of: boardParameter("as_of") });
const gone = errorContent(
  "`version` is not the board's current version: its board is no longer served, and no other board is ever " +
    "served under its URL (the page that named it is out of date: load the page again)",
);

// The version is in the path and only that version is ever served under it: a year in any cache, never revalidated.
const slice = createRoute(
  cachedRoute(
    ["board"],
    {
      method: "get",
      path: `${SLICES_PATH}/{version}`,
      tags: ["Leaderboard"],
      operationId: "getBoardSlice",
      summary: "A board version's slice, binary, for the page's island",
      request: { params: versionParam, query: asOfQuery },
      responses: { 200: sliceContent, 304: readErrors[304], 400: readErrors[400], 404: gone },
    },
    { immutable: true },
  ),
);

const rest = createRoute(
  cachedRoute(
    ["board"],
    {
      method: "get",
      path: `${SLICES_PATH}/{version}/rest`,
      tags: ["Leaderboard"],
      operationId: "getBoardSliceRest",
      summary: "The rest of a board version's slice: evaluation ids and the columns no default view shows",
      request: { params: versionParam, query: asOfQuery },
      responses: {
        200: jsonContent(sliceRest, "The ids and columns, in the slice's row order"),
        304: readErrors[304],
        400: readErrors[400],
        404: gone,
      },
    },
    { immutable: true },
  ),
);

const island = createRoute(
  cachedRoute(["board"], {
    method: "get",
    path: ISLAND_VIEW_PATH,
    tags: ["Leaderboard"],
    operationId: "getBoardIslandView",
    summary: "A page of a view as the page's island renders it",
    description:
      "By the same parameters as the page's URL. The island asks for it on each change of the controls when " +
      "the board is too large to download (API mode), or for a view its slice cannot answer exactly.",
    request: { query: boardViewQuery },
    responses: { 200: jsonContent(islandView, "A page of the view"), ...readErrors },
  }),
);

/** The board of a slice's URL: only its version, else 404 (a redirect could hand a stale page another board). */
async function sliceBoard(c: Context<AppEnv>, asked: string, asOf: string | undefined) {
  const version = requestVersion(c, "board");
  if (asked !== version) {
    throw new PodiumError("not_found", `Board version ${asked} is no longer served; the current one is ${version}`, [
      { path: "version", message: "not the current board version" },
    ]);
  }
  const board = await compactBoardOf(c.var.db, version, asOf?.trim() || null);
  // Above the island's size its page names no slice; built anyway, its row objects would outgrow the isolate.
  if (board.length > c.var.config.islandBoardMaxRows) {
    throw new PodiumError("not_found", `Board version ${asked} is served per view: it has no slice`, [
      { path: "version", message: `a board of more than ${c.var.config.islandBoardMaxRows} rows has no slice` },
    ]);
  }
  return boardRows(board);
}

export const leaderboardApi = createRouter()
  .openapi(view, async (c) => {
    const query = readBoardQuery(c.req.url);
    const version = requestVersion(c, "board");
    const view = await datedBoardView(c.var.db, version, query);
    return c.json(boardPageJson(view, query, version), 200);
  })
  .openapi(slice, async (c) => {
    const board = await sliceBoard(c, c.req.valid("param").version, c.req.valid("query").as_of);
    // Gzipped here, not by a Content-Encoding: Cloudflare compresses only types it knows as text, and the
    // response cache keeps and serves the bytes as they are. The island inflates them (DecompressionStream).
    const gzip = new Blob([encodeSlice(board) as Uint8Array<ArrayBuffer>])
      .stream()
      .pipeThrough(new CompressionStream("gzip"));
    return c.body(await new Response(gzip).arrayBuffer(), 200, { "content-type": "application/gzip" });
  })
  .openapi(rest, async (c) => {
    const board = await sliceBoard(c, c.req.valid("param").version, c.req.valid("query").as_of);
    return c.json(restOf(board), 200);
  })
  .openapi(island, async (c) => {
    const query = readBoardQuery(c.req.url);
    const version = requestVersion(c, "board");
    const [view, boardSize] = await Promise.all([
      boardView(c.var.db, version, query),
      boardSizeOf(c.var.db, version, query),
    ]);
    return c.json(
      {
        rows: view.rows.map((r) => ({ ...r, row: leanRow(r.row) })),
        total: view.total,
        boardSize,
        version,
      },
      200,
      // Every keystroke of a large board's island asks for one: the runtime gzips it, whatever the edge does.
      { "content-encoding": "gzip" },
    );
  });
