/**
 * The active filters as chips under the bar: each is a link to the same view without that one filter, so it works
 * without JavaScript (the island switches the view in place). Reads the query from the context: the search chip
 * follows every keystroke.
 */
import { DEFAULT_BOARD_QUERY, type BoardQuery } from "../../worker/domain/board/query";
import { MODEL_TYPE_LABELS } from "../../worker/domain/vocabulary";
import { boardHref } from "../links";
import { useBoardQuery } from "./board-query";

interface Chip {
  key: string;
  label: string;
  without: Partial<BoardQuery>;
}

const HIDDEN: Record<BoardQuery["hide"][number], string> = {
  merged: "no merges",
  moe: "no MoE",
  flagged: "no flagged",
  unavailable: "on the Hub only",
};

function bounds(min: number | null, max: number | null): string {
  if (min !== null && max !== null) return `${min}–${max}B`;
  return min !== null ? `≥ ${min}B` : `≤ ${max}B`;
}

/** The filters that differ from the default view, each with the query that drops it. */
export function activeFilters(q: BoardQuery): Chip[] {
  const chips: Chip[] = [];
  if (q.asOf) chips.push({ key: "as_of", label: `as of ${q.asOf}`, without: { asOf: null } });
  if (q.search) chips.push({ key: "search", label: `“${q.search}”`, without: { search: "" } });
  for (const t of q.types) {
    chips.push({
      key: `type-${t}`,
      label: MODEL_TYPE_LABELS[t].label,
      without: { types: q.types.filter((x) => x !== t) },
    });
  }
  for (const p of q.precision) {
    chips.push({ key: `precision-${p}`, label: p, without: { precision: q.precision.filter((x) => x !== p) } });
  }
  if (q.paramsMin !== null || q.paramsMax !== null) {
    chips.push({
      key: "params",
      label: bounds(q.paramsMin, q.paramsMax),
      without: { paramsMin: null, paramsMax: null },
    });
  }
  for (const h of q.hide)
    chips.push({ key: `hide-${h}`, label: HIDDEN[h], without: { hide: q.hide.filter((x) => x !== h) } });
  if (q.official) chips.push({ key: "official", label: "official providers", without: { official: false } });
  if (q.verification !== DEFAULT_BOARD_QUERY.verification) {
    chips.push({ key: "verification", label: "with provisional runs", without: { verification: "verified" } });
  }
  if (q.scores !== DEFAULT_BOARD_QUERY.scores)
    chips.push({ key: "scores", label: "raw scores", without: { scores: "normalized" } });
  if (q.rank !== DEFAULT_BOARD_QUERY.rank)
    chips.push({ key: "rank", label: "ranked within filter", without: { rank: "static" } });
  if (q.average !== DEFAULT_BOARD_QUERY.average) {
    chips.push({ key: "average", label: "average of visible", without: { average: "all" } });
  }
  return chips;
}

export function ActiveFilters() {
  const query = useBoardQuery();
  const chips = activeFilters(query);
  if (chips.length === 0) return null;
  return (
    <ul class="active-filters" aria-label="Active filters">
      {chips.map((c) => (
        <li key={c.key}>
          <a href={boardHref({ ...query, ...c.without, offset: 0 })}>
            <span class="visually-hidden">Remove filter </span>
            {c.label} <span aria-hidden="true">×</span>
          </a>
        </li>
      ))}
    </ul>
  );
}
