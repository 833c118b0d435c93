/** Reading a board URL for a person rather than a program: a bad parameter is set aside and explained, not fatal. */
import {
  BOARD_PARAMETERS,
  boardQueryFromParams,
  boardQueryToParams,
  defaultBoardQuery,
  type BoardQuery,
} from "../worker/domain/board";

export interface BoardView {
  query: BoardQuery;
  /** What was set aside and why, in words; null when the whole URL was understood. */
  problem: string | null;
}

/**
 * The view these parameters describe. Invalid parameters are dropped one by one (each named in `problem`); an
 * invalid search keeps its text, so the box still shows what was typed, and matches nothing.
 */
export function readBoardView(input: URLSearchParams): BoardView {
  const params = new URLSearchParams(input);
  const problems: string[] = [];
  let badSearch: string | null = null;
  for (let attempt = 0; attempt < 20; attempt++) {
    const parsed = boardQueryFromParams(params);
    if (parsed.ok) {
      const query = badSearch === null ? parsed.query : { ...parsed.query, search: badSearch };
      return { query, problem: problems.length ? problems.join(" ") : null };
    }
    if (parsed.parameter === "search") {
      badSearch = params.getAll("search").join(",");
      problems.push(`The search ${parsed.message}.`);
    } else {
      problems.push(`Ignored “${parsed.parameter}”: ${parsed.message}.`);
    }
    params.delete(parsed.parameter);
  }
  return { query: defaultBoardQuery(), problem: problems.join(" ") };
}

/**
 * True when the parameters already are the short form of `query` (only non-default settings, each once),
 * whatever their order or percent-encoding: such a URL is served as is, any other is redirected to the short one.
 * Parameters that are not the board's (`utm_source`, a cache buster) are not looked at: the view ignores them, and
 * so does its cache key, so the page renders whether or not a cached copy answers.
 */
export function isShortForm(params: URLSearchParams, query: BoardQuery): boolean {
  const short = boardQueryToParams(query);
  const names = new Set([...params.keys()].filter((name) => Object.hasOwn(BOARD_PARAMETERS, name)));
  if (names.size !== short.size) return false;
  for (const name of names) {
    const values = params.getAll(name);
    if (values.length !== 1 || values[0] !== short.get(name)) return false;
  }
  return true;
}
