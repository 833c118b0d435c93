/**
 * The board: controls, table and pager for one BoardQuery. The server renders it for any URL; the island
 * hydrates the same component and re-renders it on every change. Every control is a GET form field or a plain
 * link to the view it leads to, so it all works without JavaScript; with it, `onQuery` receives the new query.
 */
import type { BoardQuery } from "../../worker/domain/board/query";
import type { RankedRow } from "../../worker/domain/board/engine";
import { readBoardView, type BoardView } from "../../worker/domain/board/params";
import { count } from "../format";
import { boardHref } from "../links";
import { ActiveFilters } from "./board-chips";
import { Controls } from "./board-controls";
import { BoardQueryContext } from "./board-query";
import { Table } from "./board-table";

/**
 * What the island knows of the rows the server rendered: it leaves them in the page as they are, never hydrated,
 * until its view changes.
 */
export interface ServerRows {
  count: number;
  pinnedModels: readonly string[];
}

export interface BoardProps {
  query: BoardQuery;
  /** The view's rows; on the island before its view first changes, the server's rows left in the page. */
  rows: readonly RankedRow[] | ServerRows;
  /** Rows in the filtered view. */
  total: number;
  /** Ranked evaluations on the whole board (of the query's day). */
  boardSize: number;
  /** The board's first day with data: the date control's first day, and what an earlier day's board says. */
  firstDate: string | null;
  /** Why part of the URL was ignored, or why the search cannot run. */
  problem?: string | null;
  /** Set by the island: a control asks for another view (with what was set aside). Absent on the server. */
  onQuery?: (query: BoardQuery, problem: string | null) => void;
  /** Shown by the island while the full dataset loads. */
  status?: string;
  /** Set by the island: the pointer or focus entered the board, so it will likely be used soon. */
  onIntent?: () => void;
}

/** The pinned rows' models, each once, up to the six a comparison takes. */
export function pinnedModels(rows: readonly RankedRow[]): string[] {
  return [...new Set(rows.filter((r) => r.pinned).map((r) => r.row.model))].slice(0, 6);
}

/** The view's rows (null: the server's, left in the page), how many show, and the pinned models among them. */
function shownRows(rows: BoardProps["rows"]) {
  return "pinnedModels" in rows
    ? { list: null, count: rows.count, pinned: rows.pinnedModels }
    : { list: rows, count: rows.length, pinned: pinnedModels(rows) };
}

/** A link comparing the pinned models side by side, when rows are pinned. */
function ComparePinned({ models }: { models: readonly string[] }) {
  if (models.length === 0) return null;
  return (
    <p>
      <a href={`/compare?models=${models.map(encodeURIComponent).join(",")}`}>
        Compare the pinned model{models.length > 1 ? "s" : ""} side by side
      </a>
    </p>
  );
}

/** The page title of a view: the day of a past board is in it, so a shared link says which board it is. */
export function boardTitle(query: BoardQuery): string {
  return `Podium — the open LLM leaderboard${query.asOf ? ` as of ${query.asOf}` : ""}`;
}

/** Which day's board this is, and the words for a day before the first data. */
function AsOfNote({ query, boardSize, firstDate }: { query: BoardQuery; boardSize: number; firstDate: string | null }) {
  if (query.asOf === null) return null;
  const today = boardHref({ ...query, asOf: null, pinned: [], offset: 0 });
  return (
    <>
      <p class="as-of">
        The board as it stood at the end of <time dateTime={query.asOf}>{query.asOf}</time> (UTC): each row's verified
        run submitted by then, ranked among those. <a href={today}>Today's board</a>
      </p>
      {boardSize === 0 ? (
        <p class="notice" role="status">
          {firstDate !== null && firstDate > query.asOf ? (
            <>
              Nothing had been evaluated by the end of {query.asOf}: the board's first data is from{" "}
              <a href={boardHref({ ...query, asOf: firstDate, offset: 0 })}>{firstDate}</a>.
            </>
          ) : (
            <>No evaluation had been submitted by the end of {query.asOf}.</>
          )}
        </p>
      ) : null}
    </>
  );
}

/** The view a form's fields describe: the same reading the server gives the submitted GET form. */
function viewFromForm(form: HTMLFormElement): BoardView {
  const params = new URLSearchParams();
  for (const [name, value] of new FormData(form)) if (typeof value === "string") params.append(name, value);
  return readBoardView(params);
}

/** `query` with another search, read as the server reads a `search` parameter (a bad one is kept and explained). */
function searchView(query: BoardQuery, search: string): BoardView {
  const view = readBoardView(new URLSearchParams(search ? [["search", search]] : []));
  return { query: { ...query, search: view.query.search }, problem: view.problem };
}

export function Board({ query, rows, total, boardSize, firstDate, problem, onQuery, status, onIntent }: BoardProps) {
  const shown = shownRows(rows);
  const first = shown.count ? query.offset + 1 : 0;
  const last = query.offset + shown.count;
  const change = onQuery
    ? (event: Event) => {
        const form = (event.currentTarget as HTMLFormElement | null) ?? null;
        if (!form) return;
        // A keystroke in the search box changes the search alone: read that field, not the whole form.
        const field = event.target as HTMLInputElement | null;
        const view = field?.name === "search" ? searchView(query, field.value) : viewFromForm(form);
        onQuery({ ...view.query, offset: 0 }, view.problem);
      }
    : undefined;
  const submit = onQuery
    ? (event: Event) => {
        event.preventDefault();
        change?.(event);
      }
    : undefined;
  // Links inside the board lead to other views of it: with the island, switch the view in place.
  const click = onQuery
    ? (event: MouseEvent) => {
        const link = (event.target as Element | null)?.closest?.("a[href^='/']") as HTMLAnchorElement | null;
        if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        const url = new URL(link.href);
        if (url.pathname !== "/") return;
        const view = readBoardView(url.searchParams);
        event.preventDefault();
        onQuery(view.query, view.problem);
        // A new page of rows starts at the top of the table, as it would after a page load.
        if (link.closest(".pager")) link.closest("[data-island-root]")?.scrollIntoView();
      }
    : undefined;
  return (
    <BoardQueryContext.Provider value={query}>
      <div onClick={click} onPointerOver={onIntent} onFocusIn={onIntent}>
        <form
          class="controls"
          method="get"
          action="/"
          role="search"
          aria-label="Filter the board"
          onInput={change}
          onChange={change}
          onSubmit={submit}
        >
          <Controls query={query} firstDate={firstDate} />
        </form>
        <ActiveFilters />
        <AsOfNote query={query} boardSize={boardSize} firstDate={firstDate} />
        {problem ? (
          <p class="notice" role="alert">
            {problem}
          </p>
        ) : null}
        <p class="muted count" aria-live="polite">
          {count(total)} of {count(boardSize)} evaluations{total > 0 ? ` · showing ${count(first)}–${count(last)}` : ""}
          {status ? ` · ${status}` : ""}
        </p>
        <ComparePinned models={shown.pinned} />
        <Table query={query} rows={shown.list} />
        <nav class="pager" aria-label="Pages">
          {query.offset > 0 ? (
            <a href={boardHref({ ...query, offset: Math.max(0, query.offset - query.limit) })}>
              ← Previous {query.limit}
            </a>
          ) : null}
          {last < total ? (
            <a href={boardHref({ ...query, offset: query.offset + query.limit })}>Next {query.limit} →</a>
          ) : null}
        </nav>
      </div>
    </BoardQueryContext.Provider>
  );
}
