/** `/`: any view of the board as server HTML (the island's starting point), and the island's compact dataset. */
import { createRouter } from "../../context";
import { BOARD_PARAMETERS, isDefaultView } from "../../domain/board";
import { encodeBoard } from "../../domain/board-wire";
import { cachedRead, requestVersion } from "../../middleware/cache";
import { boardView, compactBoard } from "../../services/board";
import { islandScript } from "../../../web/assets";
import { isShortForm, readBoardView } from "../../../web/board-params";
import { boardHref } from "../../../web/links";
import { BoardIslandServer } from "../../../web/components/board-island";
import { renderDocument } from "../../../web/document";
import { count } from "../../../web/format";

export const ROWS_PATH = "/api/v1/leaderboard/rows.json";

export const boardPages = createRouter()
  .get("/", cachedRead({ keyedBy: ["board"], parameters: Object.keys(BOARD_PARAMETERS) }), async (c) => {
    const url = new URL(c.req.url);
    const { query, problem } = readBoardView(url.searchParams);
    // A submitted GET form names every field; send the browser to the short URL of the same view, once.
    if (!problem && !isShortForm(url.searchParams, query)) return c.redirect(boardHref(query), 303);
    const db = c.var.db;
    const version = requestVersion(c, "board");
    const { rows, total } = await boardView(db, version, query);
    // The front view comes from SQL without loading the whole board; its total is the board's size.
    const boardSize = isDefaultView(query) ? total : (await compactBoard(db, version)).length;
    const script = islandScript("board");
    const html = renderDocument({
      title: "Podium — the open LLM leaderboard",
      description: `Open, reproducible ranking of ${count(boardSize)} open large language model evaluations on six benchmarks.`,
      section: "leaderboard",
      scripts: script ? [script] : [],
      children: (
        <>
          <h1>Open LLM leaderboard</h1>
          <BoardIslandServer
            query={query}
            rows={rows}
            total={total}
            boardSize={boardSize}
            problem={problem}
            dataUrl={`${ROWS_PATH}?v=${encodeURIComponent(version)}`}
          />
        </>
      ),
    });
    return c.html(html, problem ? 400 : 200);
  })
  .get(ROWS_PATH, cachedRead({ keyedBy: ["board"], parameters: ["v"], maxAge: 86_400 }), async (c) => {
    const version = requestVersion(c, "board");
    // The URL names the version it wants, so a day of browser caching is safe; an old name moves to the current.
    if (c.req.query("v") !== version) return c.redirect(`${ROWS_PATH}?v=${encodeURIComponent(version)}`, 302);
    return c.json(encodeBoard(await compactBoard(c.var.db, version), version));
  });
