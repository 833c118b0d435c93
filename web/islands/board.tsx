/**
 * The board island, hydrated on `/` only. When the board is first reached for (pointer, focus or a change), it
 * loads the compact full dataset once, then answers every change of the controls in the browser with the same
 * `applyBoard` the server uses, and keeps the URL in step so that a copied address reproduces the view (the
 * server renders it without JavaScript).
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { BoardQuery } from "../../worker/domain/board/query";
import type { Board as BoardColumns } from "../../worker/domain/board/snapshot";
import type { BoardWire } from "../../worker/domain/board/wire";
import { Board, boardTitle } from "../components/board";
import { boardHref } from "../links";
import { type BoardIslandWireProps, fullIslandProps } from "../components/board-island";
import { hydrateIslands } from "../hydrate";

type Engine = typeof import("../board-engine");

/** How long typing must pause before the URL is rewritten, ms. */
const URL_DELAY_MS = 200;

function BoardIsland(wire: BoardIslandWireProps) {
  const props = useMemo(() => fullIslandProps(wire), [wire]);
  const [query, setQuery] = useState<BoardQuery>(props.query);
  const [problem, setProblem] = useState<string | null>(props.problem);
  // The compact board of one day (`asOf` null: today), the one the view's `as_of` asks for.
  const [data, setData] = useState<{ asOf: string | null; rows: BoardColumns; engine: Engine } | null>(null);
  const [failed, setFailed] = useState(false);
  // The dataset (hundreds of KB) loads when someone reaches for the board, not on every visit: a phone that only
  // reads the server-rendered view never downloads or parses it.
  const [wanted, setWanted] = useState(false);

  // Another day is another dataset: the one in hand stays until the new one arrives, then the view switches.
  const asOf = query.asOf;
  useEffect(() => {
    if (!wanted) return;
    const url = asOf === null ? props.dataUrl : `${props.dataUrl}&as_of=${encodeURIComponent(asOf)}`;
    let current = true;
    Promise.all([
      fetch(url).then((res) =>
        res.ok ? (res.json() as Promise<BoardWire>) : Promise.reject(new Error(String(res.status))),
      ),
      import("../board-engine"),
    ])
      .then(([wire, engine]) => {
        if (current) setData({ asOf, rows: engine.boardOf(engine.decodeBoard(wire).rows), engine });
      })
      .catch(() => {
        if (current) setFailed(true);
      });
    return () => {
      current = false;
    };
  }, [wanted, props.dataUrl, asOf]);

  // Without the dataset the server answers instead: go to the view asked for, then links and the form take over.
  useEffect(() => {
    if (failed && query !== props.query) location.assign(boardHref(query));
  }, [failed, query, props.query]);

  // The title names the day as the server's does, so a bookmark or a shared tab says which board it is.
  const title = boardTitle(query);
  useEffect(() => {
    document.title = title;
  }, [title]);

  const held = data?.asOf === query.asOf ? data : null;
  const view = useMemo(() => (held ? held.engine.applyBoard(held.rows, query) : null), [held, query]);

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
      boardSize={held ? held.engine.boardSizeFor(held.rows, query) : props.boardSize}
      firstDate={props.firstDate}
      problem={problem}
      onQuery={failed ? undefined : onQuery}
      status={waiting ? "loading all rows…" : undefined}
      onIntent={wanted ? undefined : () => setWanted(true)}
    />
  );
}

hydrateIslands("board", BoardIsland);
