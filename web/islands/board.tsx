/**
 * The board island, hydrated on `/` only. When the board is first reached for (pointer, focus or a change), it
 * loads the compact full dataset once, then answers every change of the controls in the browser with the same
 * `applyBoard` the server uses, and keeps the URL in step so that a copied address reproduces the view (the
 * server renders it without JavaScript).
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { applyBoard } from "../../worker/domain/board/engine";
import type { BoardQuery, CompactRow } from "../../worker/domain/board/query";
import { decodeBoard, type BoardWire } from "../../worker/domain/board/wire";
import { Board } from "../components/board";
import { boardHref } from "../links";
import { type BoardIslandWireProps, fullIslandProps } from "../components/board-island";
import { hydrateIslands } from "../hydrate";

/** How long typing must pause before the URL is rewritten, ms. */
const URL_DELAY_MS = 200;

function BoardIsland(wire: BoardIslandWireProps) {
  const props = useMemo(() => fullIslandProps(wire), [wire]);
  const [query, setQuery] = useState<BoardQuery>(props.query);
  const [problem, setProblem] = useState<string | null>(props.problem);
  const [data, setData] = useState<CompactRow[] | null>(null);
  const [failed, setFailed] = useState(false);
  // The dataset (hundreds of KB) loads when someone reaches for the board, not on every visit: a phone that only
  // reads the server-rendered view never downloads or parses it.
  const [wanted, setWanted] = useState(false);

  useEffect(() => {
    if (!wanted) return;
    fetch(props.dataUrl)
      .then((res) => (res.ok ? (res.json() as Promise<BoardWire>) : Promise.reject(new Error(String(res.status)))))
      .then((wire) => setData(decodeBoard(wire).rows))
      .catch(() => setFailed(true));
  }, [wanted, props.dataUrl]);

  // Without the dataset the server answers instead: go to the view asked for, then links and the form take over.
  useEffect(() => {
    if (failed && query !== props.query) location.assign(boardHref(query));
  }, [failed, query, props.query]);

  const view = useMemo(() => (data ? applyBoard(data, query) : null), [data, query]);

  // The URL follows the view once typing pauses, not on every key; leaving the page writes it at once.
  const pendingHref = useRef<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const writeUrl = () => {
    clearTimeout(timer.current);
    if (pendingHref.current !== null) history.replaceState(history.state, "", pendingHref.current);
    pendingHref.current = null;
  };
  useEffect(() => {
    addEventListener("pagehide", writeUrl);
    return () => removeEventListener("pagehide", writeUrl);
  }, []);

  const onQuery = (next: BoardQuery, nextProblem: string | null) => {
    setWanted(true);
    setQuery(next);
    setProblem(nextProblem);
    pendingHref.current = boardHref(next);
    clearTimeout(timer.current);
    timer.current = setTimeout(writeUrl, URL_DELAY_MS);
  };

  const waiting = !view && query !== props.query;
  return (
    <Board
      query={query}
      rows={view ? view.rows : props.rows}
      total={view ? view.total : props.total}
      boardSize={data ? data.length : props.boardSize}
      problem={problem}
      onQuery={failed ? undefined : onQuery}
      status={waiting ? "loading all rows…" : undefined}
      onIntent={wanted ? undefined : () => setWanted(true)}
    />
  );
}

hydrateIslands("board", BoardIsland);
