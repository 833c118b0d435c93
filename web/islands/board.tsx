/**
 * The board island, hydrated on `/` only. It loads the compact full dataset once, then answers every change of
 * the controls in the browser with the same `applyBoard` the server uses, and keeps the URL in step so that a
 * copied address reproduces the view (the server renders it without JavaScript).
 */
import { useEffect, useMemo, useState } from "preact/hooks";
import { applyBoard, type BoardQuery, type CompactRow } from "../../worker/domain/board";
import { decodeBoard, type BoardWire } from "../../worker/domain/board-wire";
import { Board, boardHref } from "../components/board";
import type { BoardIslandProps } from "../components/board-island";
import { hydrateIslands } from "../hydrate";

function BoardIsland(props: BoardIslandProps) {
  const [query, setQuery] = useState<BoardQuery>(props.query);
  const [problem, setProblem] = useState<string | null>(props.problem);
  const [data, setData] = useState<CompactRow[] | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    fetch(props.dataUrl)
      .then((res) => (res.ok ? (res.json() as Promise<BoardWire>) : Promise.reject(new Error(String(res.status)))))
      .then((wire) => setData(decodeBoard(wire).rows))
      .catch(() => setFailed(true));
  }, [props.dataUrl]);

  const view = useMemo(() => (data ? applyBoard(data, query) : null), [data, query]);

  const onQuery = (next: BoardQuery, nextProblem: string | null) => {
    setQuery(next);
    setProblem(nextProblem);
    history.replaceState(history.state, "", boardHref(next));
  };

  const waiting = !view && query !== props.query;
  return (
    <Board
      query={query}
      rows={view ? view.rows : props.rows}
      total={view ? view.total : props.total}
      boardSize={data ? data.length : props.boardSize}
      problem={problem}
      // Without the dataset the board falls back to plain links and the GET form, answered by the server.
      onQuery={failed ? undefined : onQuery}
      status={waiting ? "loading all rows…" : undefined}
    />
  );
}

hydrateIslands("board", BoardIsland);
