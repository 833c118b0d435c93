/**
 * What the island decides before it holds a slice (./slice.ts): whether a slice answers a view as the server does,
 * whether the view needs the slice's rest, and what a placeholder id stands for. Its own small module, so the
 * island's first script does not carry the slice's decoder and the snapshot's reader (loaded later with the engine,
 * web/board-engine.ts).
 */
import { BENCHMARKS } from "../benchmarks";
import type { BoardQuery } from "./query";

/** The prefix of a placeholder id: no stored id starts with it (store ids are `seed:…` or UUIDs). */
export const PLACEHOLDER_PREFIX = "~";

/**
 * The rest of a slice, in its row order: the real ids (pins name them) and the columns no default view shows.
 * The island fetches it only for a view that needs it (`needsRest`).
 */
export interface SliceRest {
  ids: string[];
  baseModel: (string | null)[];
  uploadDate: (string | null)[];
  submissionDate: (string | null)[];
  likes: number[];
  generation: number[];
}

const REST_COLUMNS = new Set<string>(["base_model", "upload_date", "submission_date", "likes", "generation"]);

/** Whether the island's engine over a slice gives the server's figures for this view (see ./slice.ts's comment). */
export function answersLocally(query: Pick<BoardQuery, "average" | "benchmarks">): boolean {
  return query.average === "all" || query.benchmarks.length === BENCHMARKS.length;
}

/** Whether a view shows, sorts on or pins anything only the rest carries. */
export function needsRest(query: Pick<BoardQuery, "columns" | "sort" | "pinned">): boolean {
  return query.pinned.length > 0 || REST_COLUMNS.has(query.sort) || query.columns.some((c) => REST_COLUMNS.has(c));
}

export function isPlaceholder(id: string): boolean {
  return id.startsWith(PLACEHOLDER_PREFIX);
}

/** Pinned ids with each placeholder replaced by the real id it stands for. */
export function realIds(pinned: readonly string[], rest: SliceRest): string[] {
  return pinned.map((id) => (isPlaceholder(id) ? (rest.ids[Number(id.slice(PLACEHOLDER_PREFIX.length))] ?? id) : id));
}
