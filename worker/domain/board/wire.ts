/**
 * A board row as the island's API view carries it: its standard errors left out when they are the seeded estimate
 * from its raw values, which the island computes again with the same code. The island's whole board travels as a
 * slice instead (./slice.ts); the page's own rows are its HTML (web/components/board-island.tsx).
 */
import { type ErrorArrays, seededErrorArrays } from "../statistics";
import type { CompactRow } from "./query";

/**
 * Where the island asks for a page of a view when it does not hold the board (API mode): here, in domain/, because
 * the route (worker/routes/api/leaderboard.ts) and the island (web/islands/board.tsx) both name it.
 */
export const ISLAND_VIEW_PATH = "/api/v1/leaderboard/island";

const sameList = (a: readonly (number | null)[], b: readonly (number | null)[]) =>
  a.length === b.length && a.every((v, i) => v === b[i]);

/** Whether a row's errors are the seeded estimate of its raw values (then they need not travel). */
export function seeded(r: CompactRow): boolean {
  const s = seededErrorArrays(r.raw);
  return (
    sameList(s.se, r.se) && sameList(s.seRaw, r.seRaw) && s.seEstimated === r.seEstimated && s.ciSource === r.ciSource
  );
}

/** A row as the island's API view carries it: its errors left out when they are the seeded estimate. */
export type LeanRow = Omit<CompactRow, keyof ErrorArrays> & Partial<ErrorArrays>;

/** The row without its errors when the island can compute them again from its raw values (as on the wire). */
export function leanRow(r: CompactRow): LeanRow {
  if (!seeded(r)) return r;
  const { se: _se, seRaw: _seRaw, seEstimated: _mask, ciSource: _source, ...rest } = r;
  return rest;
}

/** A lean row whole again: `fullRow(leanRow(r))` deep-equals `r`. */
export function fullRow(r: LeanRow): CompactRow {
  const { se, seRaw, seEstimated, ciSource, ...rest } = r;
  if (se === undefined || seRaw === undefined || seEstimated === undefined || ciSource === undefined) {
    return { ...rest, ...seededErrorArrays(rest.raw) };
  }
  return { ...rest, se, seRaw, seEstimated, ciSource };
}
