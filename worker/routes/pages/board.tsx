/** `/`: any view of the board as server HTML, the island's starting point. */
import { islandScript } from "../../../web/assets";
import { boardTitle } from "../../../web/components/board";
import { BoardIslandServer } from "../../../web/components/board-island";
import { renderDocument } from "../../../web/document";
import { count } from "../../../web/format";
import { boardHref } from "../../../web/links";
import { BOARD_PARAMETERS, isShortForm, readBoardView } from "../../domain/board/params";
import { createRouter } from "../../edge/context";
import { cachedRead, requestVersion } from "../../edge/response-cache";
import { boardSizeOf, boardView, firstBoardDate } from "../../use-cases/board";
import { sliceHref } from "../api/leaderboard";

export const boardPage = createRouter().get(
  "/",
  cachedRead({ keyedBy: ["board"], parameters: Object.keys(BOARD_PARAMETERS) }),
  async (c) => {
    const url = new URL(c.req.url);
    const { query, problem } = readBoardView(url.searchParams);
    // A submitted GET form names every field; send the browser to the short URL of the same view, once.
    if (!problem && !isShortForm(url.searchParams, query)) return c.redirect(boardHref(query), 303);
    const db = c.var.db;
    const version = requestVersion(c, "board");
    const [{ rows, total }, firstDate] = await Promise.all([
      boardView(db, version, query),
      firstBoardDate(db, version),
    ]);
    const boardSize = await boardSizeOf(db, version, query);
    const script = islandScript("board");
    const html = renderDocument({
      title: boardTitle(query),
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
            firstDate={firstDate}
            problem={problem}
            dataUrl={boardSize > c.var.config.islandBoardMaxRows ? null : sliceHref(version)}
          />
        </>
      ),
    });
    return c.html(html, problem ? 400 : 200);
  },
);
