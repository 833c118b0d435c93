/**
 * The board island, hydrated on `/` only. When the board is first reached for (pointer, focus or a change), it
 * loads the board version's slice once (an immutable URL: a second visit to the same version downloads nothing),
 * then answers every change of the controls in the browser with the same `applyBoard` the server uses, and keeps
 * the URL in step so that a copied address reproduces the view (the server renders it without JavaScript). The
 * slice's rest (evaluation ids, the columns no default view shows) loads only for a view that needs it. Above the
 * size where downloading the board stops paying (the page then names no slice), and for the views a slice cannot
 * answer exactly, it asks the API for each view instead: debounced, the stale request aborted, only the newest
 * answer shown.
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { BoardResult, RankedRow } from "../../worker/domain/board/engine";
import type { BoardQuery } from "../../worker/domain/board/query";
import {
  answersLocally,
  isPlaceholder,
  needsRest,
  realIds,
  type SliceRest,
} from "../../worker/domain/board/slice-views";
import type { Board as BoardColumns } from "../../worker/domain/board/snapshot";
import { fullRow, ISLAND_VIEW_PATH, type LeanRow } from "../../worker/domain/board/wire";
import { Board, boardTitle } from "../components/board";
import { boardHref } from "../links";
import type { BoardIslandWireProps } from "../components/board-island";
import { hydrateIslands } from "../hydrate";

/** How long typing must pause before the URL is rewritten, ms. */
const URL_DELAY_MS = 200;
type Engine = typeof import("../board-engine");
/** How long typing must pause before the API is asked for the view (API mode), ms. */
const ASK_DELAY_MS = 150;

interface RemoteView {
  rows: Array<Omit<BoardResult["rows"][number], "row"> & { row: LeanRow }>;
  total: number;
  boardSize: number;
}

const dayParam = (asOf: string | null) => (asOf === null ? "" : `?as_of=${encodeURIComponent(asOf)}`);

/** Fetches and reads `url`; the returned cleanup drops its answer (a newer day was asked meanwhile). */
function load<T>(
  url: string,
  read: (res: Response) => Promise<T>,
  done: (value: T) => void,
  fail: (gone: boolean) => void,
) {
  let current = true;
  fetch(url)
    .then((res) => (res.ok ? read(res) : Promise.reject(new Error(String(res.status)))))
    .then((value) => {
      if (current) done(value);
    })
    .catch((err: unknown) => {
      if (current) fail(err instanceof Error && err.message === "404");
    });
  return () => {
    current = false;
  };
}

/** Runs `fn` in a task after the next frame has painted (a timer set in that frame's animation callback). */
function afterNextPaint(fn: () => void) {
  requestAnimationFrame(() => setTimeout(fn, 0));
}

/** A view the island answered, on screen until the next one is. */
interface Answer {
  rows: readonly RankedRow[];
  total: number;
  boardSize: number;
}

function BoardIsland(props: BoardIslandWireProps) {
  const [query, setQuery] = useState<BoardQuery>(props.query);
  const [problem, setProblem] = useState<string | null>(props.problem);
  // The slice of one day (`asOf` null: today), the one the view's `as_of` asks for, and its rest once needed.
  // The engine (web/board-engine.ts) comes with it, so a visit that only reads the server's view loads neither.
  const [slice, setSlice] = useState<{ asOf: string | null; board: BoardColumns; engine: Engine } | null>(null);
  const [rest, setRest] = useState<{ asOf: string | null; rest: SliceRest } | null>(null);
  const [failed, setFailed] = useState(false);
  // The slice's version is no longer served (the board moved since the page was rendered): ask the API instead.
  const [stale, setStale] = useState(props.dataUrl === null);
  // The slice (~150 KB) loads when someone reaches for the board, not on every visit: a phone that only reads the
  // server-rendered view never downloads or parses it.
  const [wanted, setWanted] = useState(false);

  const asOf = query.asOf;
  const local = !stale && answersLocally(query);
  const restWanted = local && needsRest(query);
  const fail = (gone: boolean) => (gone ? setStale(true) : setFailed(true));

  // Another day is another slice: the one in hand stays until the new one arrives, then the view switches.
  useEffect(() => {
    if (!wanted || !local || props.dataUrl === null) return;
    const loading = import("../board-engine");
    const read = async (res: Response) => {
      const engine = await loading;
      return { board: engine.decodeSlice(await engine.inflate(await res.blob())), engine };
    };
    return load(`${props.dataUrl}${dayParam(asOf)}`, read, (got) => setSlice({ asOf, ...got }), fail);
  }, [wanted, local, props.dataUrl, asOf]);

  useEffect(() => {
    if (!restWanted || props.dataUrl === null || rest?.asOf === asOf) return;
    const read = (res: Response) => res.json() as Promise<SliceRest>;
    return load(`${props.dataUrl}/rest${dayParam(asOf)}`, read, (r) => setRest({ asOf, rest: r }), fail);
  }, [restWanted, props.dataUrl, asOf, rest]);

  // Pins the island made on placeholder ids name the real ones once the rest is in.
  const dayRest = rest?.asOf === asOf ? rest.rest : null;
  const shown = useMemo(
    () => (dayRest && query.pinned.some(isPlaceholder) ? { ...query, pinned: realIds(query.pinned, dayRest) } : query),
    [query, dayRest],
  );

  const held = slice?.asOf === asOf ? slice : null;
  // The engine runs on the columnar board (domain/board/snapshot.ts) the slice decodes to, the rest swapped in.
  const dayBoard = useMemo(
    () => (held ? (dayRest ? held.engine.withRest(held.board, dayRest) : held.board) : null),
    [held, dayRest],
  );
  const ready = dayBoard !== null && (!restWanted || dayRest !== null);
  const view = useMemo(
    () => (local && ready && dayBoard && held ? held.engine.applyBoard(dayBoard, shown) : null),
    [local, ready, dayBoard, held, shown],
  );

  // API mode: the newest view asked for, once typing pauses; a newer change aborts the request in flight.
  const [remote, setRemote] = useState<{ href: string; view: RemoteView } | null>(null);
  const href = boardHref(shown);
  const asked = !local && shown !== props.query;
  useEffect(() => {
    if (!asked) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      fetch(`${ISLAND_VIEW_PATH}${new URL(href, location.origin).search}`, { signal: controller.signal })
        .then((res) => (res.ok ? (res.json() as Promise<RemoteView>) : Promise.reject(new Error(String(res.status)))))
        .then((answer) => setRemote({ href, view: answer }))
        .catch(() => {
          if (!controller.signal.aborted) setFailed(true);
        });
    }, ASK_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [asked, href]);
  // The last answer stays on screen until the newest arrives.
  const answered = asked && remote ? remote.view : null;
  const remoteRows = useMemo(() => answered?.rows.map((r) => ({ ...r, row: fullRow(r.row) })) ?? null, [answered]);

  // Without data the server answers instead: go to the view asked for, then links and the form take over.
  useEffect(() => {
    if (failed && query !== props.query) location.assign(boardHref(shown));
  }, [failed, query, shown, props.query]);

  // The title names the day as the server's does, so a bookmark or a shared tab says which board it is.
  const title = boardTitle(shown);
  useEffect(() => {
    document.title = title;
  }, [title]);

  // The URL follows the view once typing pauses, not on every key; leaving the page writes it at once. A pin on
  // a placeholder id waits for the real id (the rest is on its way).
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
  useEffect(() => {
    if (shown === props.query || shown.pinned.some(isPlaceholder)) return;
    pendingHref.current = href;
    clearTimeout(timer.current);
    timer.current = setTimeout(writeUrl, URL_DELAY_MS);
  }, [href]);

  // A change of the controls paints first (the typed character, the ticked box) and the view follows after that
  // frame: the view's render, style and layout no longer delay the keystroke's own paint. Changes made before it
  // runs collapse into the newest, so fast typing renders one view, not one per key.
  const pending = useRef<{ query: BoardQuery; problem: string | null } | null>(null);
  const onQuery = (next: BoardQuery, nextProblem: string | null) => {
    const scheduled = pending.current !== null;
    pending.current = { query: next, problem: nextProblem };
    if (scheduled) return;
    afterNextPaint(() => {
      // Set before this was scheduled, and cleared only here.
      const change = pending.current as NonNullable<typeof pending.current>;
      pending.current = null;
      setWanted(true);
      setQuery(change.query);
      setProblem(change.problem);
    });
  };

  const waiting = !view && remote?.href !== href && query !== props.query;
  // The server's rows stay in the page, never hydrated, until the view changes; then the newest answer shows, and
  // stays while the next one loads.
  const answer: Answer | null =
    query === props.query
      ? null
      : view && dayBoard && held
        ? { rows: view.rows, total: view.total, boardSize: held.engine.boardSizeFor(dayBoard, shown) }
        : answered && remoteRows
          ? { rows: remoteRows, total: answered.total, boardSize: answered.boardSize }
          : null;
  const lastAnswer = useRef<Answer | null>(null);
  if (answer) lastAnswer.current = answer;
  const onScreen = lastAnswer.current;
  return (
    <Board
      query={shown}
      rows={onScreen ? onScreen.rows : props.serverRows}
      total={onScreen ? onScreen.total : props.total}
      boardSize={onScreen ? onScreen.boardSize : props.boardSize}
      firstDate={props.firstDate}
      problem={problem}
      onQuery={failed ? undefined : onQuery}
      status={waiting ? (local ? "loading all rows…" : "loading…") : undefined}
      onIntent={wanted ? undefined : () => setWanted(true)}
    />
  );
}

hydrateIslands("board", BoardIsland);
