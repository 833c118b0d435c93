/** The board's table: rank, pin, model, average, the visible benchmarks and columns, headers that sort. */
import type { JSX } from "preact";
import { BENCHMARKS, type Benchmark } from "../../worker/domain/benchmarks";
import type { BoardQuery, ColumnKey, CompactRow, SortKey } from "../../worker/domain/board/query";
import type { RankedRow } from "../../worker/domain/board/engine";
import { MODEL_TYPE_LABELS } from "../../worker/domain/vocabulary";
import { ci95 } from "../../worker/domain/statistics";
import { co2, count, params, plusMinus, rankSpan, score } from "../format";
import { boardHref, modelHref } from "../links";
import { memoBy, useBoardQuery } from "./board-query";
import { useRowWindow } from "./board-window";
import { TypeIcon } from "./type-icon";

export interface Column {
  title: string;
  /** Text columns align left and sort ascending first. */
  text?: boolean;
  cell(row: CompactRow): JSX.Element | string;
}

const yesNo = (v: boolean) => (v ? "yes" : "no");
const date = (v: string | null) => v ?? "–";

export const COLUMNS: Record<ColumnKey, Column> = {
  type: {
    title: "Type",
    text: true,
    cell: (r) => {
      const label = MODEL_TYPE_LABELS[r.type] ?? MODEL_TYPE_LABELS.other;
      return (
        <span title={label.label}>
          <TypeIcon type={MODEL_TYPE_LABELS[r.type] ? r.type : "other"} />
          <span class="visually-hidden">{label.label}</span>
        </span>
      );
    },
  },
  co2: { title: "CO₂ (kg)", cell: (r) => co2(r.co2) },
  likes: { title: "Hub likes", cell: (r) => count(r.likes) },
  architecture: { title: "Architecture", text: true, cell: (r) => r.architecture ?? "–" },
  precision: { title: "Precision", text: true, cell: (r) => r.precision },
  weight_type: { title: "Weights", text: true, cell: (r) => r.weightType },
  params: { title: "Params (B)", cell: (r) => params(r.params) },
  license: { title: "License", text: true, cell: (r) => r.license ?? "–" },
  chat_template: { title: "Chat template", text: true, cell: (r) => yesNo(r.chatTemplate) },
  upload_date: { title: "Uploaded", text: true, cell: (r) => date(r.uploadDate) },
  submission_date: { title: "Submitted", text: true, cell: (r) => date(r.submissionDate) },
  generation: { title: "Generation", cell: (r) => String(r.generation) },
  base_model: { title: "Base model", text: true, cell: (r) => r.baseModel ?? "–" },
  available: { title: "On the Hub", text: true, cell: (r) => yesNo(r.available) },
  official: { title: "Official", text: true, cell: (r) => yesNo(r.official) },
  merged: { title: "Merged", text: true, cell: (r) => yesNo(r.merged) },
  moe: { title: "MoE", text: true, cell: (r) => yesNo(r.moe) },
  flagged: { title: "Flagged", text: true, cell: (r) => yesNo(r.flagged) },
};

const TEXT_FIRST = new Set<SortKey>([
  "model",
  "type",
  "architecture",
  "precision",
  "weight_type",
  "license",
  "base_model",
]);

/** The view sorted by `key`: a second click on the sorted column flips the order. */
function sortHref(query: BoardQuery, key: SortKey): string {
  const order = query.sort === key ? (query.order === "desc" ? "asc" : "desc") : TEXT_FIRST.has(key) ? "asc" : "desc";
  return boardHref({ ...query, sort: key, order, offset: 0 });
}

function SortHeader({
  query,
  sortKey,
  title,
  class: cls,
}: {
  query: BoardQuery;
  sortKey: SortKey;
  title: string;
  class?: string;
}) {
  const sorted = query.sort === sortKey;
  return (
    <th scope="col" class={cls} aria-sort={sorted ? (query.order === "asc" ? "ascending" : "descending") : undefined}>
      <a href={sortHref(query, sortKey)}>
        {title}
        {sorted ? <span aria-hidden="true">{query.order === "asc" ? " ▲" : " ▼"}</span> : null}
      </a>
    </th>
  );
}

function pinHref(query: BoardQuery, id: string): string {
  const pinned = query.pinned.includes(id) ? query.pinned.filter((p) => p !== id) : [...query.pinned, id];
  return boardHref({ ...query, pinned });
}

/** A sort key as its column is titled. */
function sortTitle(key: SortKey): string {
  if (key === "average") return "average";
  if (key === "model") return "model";
  return BENCHMARKS.find((b) => b.key === key)?.title ?? COLUMNS[key as ColumnKey].title;
}

/** The pin link carries the whole view (search included), so it follows the context rather than its row. */
function PinLink({ id, label, pinned }: { id: string; label: string; pinned: boolean }) {
  const query = useBoardQuery();
  return (
    <a class="pin" href={pinHref(query, id)} aria-label={`${pinned ? "Unpin" : "Pin"} ${label}`}>
      {pinned ? "★" : "☆"}
    </a>
  );
}

interface RowProps {
  entry: RankedRow;
  benchmarks: readonly Benchmark[];
  others: readonly ColumnKey[];
  showType: boolean;
  raw: boolean;
  /** The visible columns and score kind as one string: rows re-render when it or their own values change. */
  layout: string;
  /** The row's place among the table's rows (the header is 1), set while the DOM holds only some of them. */
  index?: number;
}

/** A rank with the ranks it is statistically tied with beside it (the header says so, once). */
function RankCell({ rank, range }: { rank: number; range: [number, number] | null }) {
  return (
    <td>
      {rank}
      {range ? <span class="rank-range">{rankSpan(range)}</span> : null}
    </td>
  );
}

/** The shade of a score's cell: one step per ten points (styles.ts `.sh0`…`.sh6`, each checked for contrast). */
export function shadeOf(value: number | null | undefined): string | undefined {
  if (value == null || !Number.isFinite(value)) return undefined;
  return `sh${Math.max(0, Math.min(6, Math.floor(value / 10)))}`;
}

/** A score with the half-width of its 95% interval beside it, its cell shaded by the value. */
function ScoreCell({ value, se, cls }: { value: number | null | undefined; se: number | null; cls?: string }) {
  const half = value == null || se === null ? null : ci95(se);
  return (
    <td class={[cls, shadeOf(value)].filter(Boolean).join(" ") || undefined}>
      {score(value)}
      {half === null ? null : <span class="ci">{plusMinus(half)}</span>}
    </td>
  );
}

function RowFor({
  entry: { rank, rankRange, average, averageSe, pinned, row },
  benchmarks,
  others,
  showType,
  raw,
  index,
}: RowProps) {
  const values = raw ? row.raw.map((v) => (v == null ? null : v * 100)) : row.normalized;
  const ses = raw ? row.seRaw.map((v) => (v == null ? null : v * 100)) : row.se;
  return (
    <tr
      class={[pinned && "pinned", row.provisional && "provisional"].filter(Boolean).join(" ") || undefined}
      aria-rowindex={index}
    >
      <RankCell rank={rank} range={rankRange} />
      <td class="pin-cell">
        <PinLink id={row.id} label={`${row.model} (${row.precision})`} pinned={pinned} />
      </td>
      {showType ? <td class="type">{COLUMNS.type.cell(row)}</td> : null}
      <td class="model">
        <a href={modelHref(row.model)} title={row.model}>
          {row.model}
        </a>
        {row.flagged ? (
          <span class="flagged" title={row.flagReason ?? "Flagged"}>
            {" "}
            flagged
          </span>
        ) : null}
        {row.provisional ? (
          <span class="provisional" title="Not yet reproduced by another evaluator">
            {" "}
            provisional
          </span>
        ) : null}
      </td>
      <ScoreCell value={average} se={averageSe} cls="average" />
      {benchmarks.map((b) => {
        const i = BENCHMARKS.indexOf(b);
        return <ScoreCell key={b.key} value={values[i]} se={ses[i] ?? null} />;
      })}
      {others.map((c) => (
        <td key={c} class={COLUMNS[c].text ? "text" : undefined}>
          {COLUMNS[c].cell(row)}
        </td>
      ))}
    </tr>
  );
}

/** A row kept as it is while a keystroke leaves it in the view unchanged (same rank, average, pin and columns). */
const Row = memoBy(
  RowFor,
  (a, b) =>
    a.entry.row === b.entry.row &&
    a.entry.rank === b.entry.rank &&
    a.entry.average === b.entry.average &&
    a.entry.rankRange?.[0] === b.entry.rankRange?.[0] &&
    a.entry.rankRange?.[1] === b.entry.rankRange?.[1] &&
    a.entry.pinned === b.entry.pinned &&
    a.layout === b.layout &&
    a.index === b.index,
);

const NO_ROWS: readonly RankedRow[] = [];
/**
 * The body of a table whose rows the server rendered: hydration leaves an element with inner HTML as it is and
 * walks none of it, and the first rows rendered in its place clear it.
 */
const SERVER_ROWS = { __html: "" };

/** `rows` null: the island before its view first changes, the server's rows left in the page as they are. */
export function Table({ query, rows }: { query: BoardQuery; rows: readonly RankedRow[] | null }) {
  const benchmarks = BENCHMARKS.filter((b) => query.benchmarks.includes(b.key));
  const showType = query.columns.includes("type");
  const others = query.columns.filter((c) => c !== "type");
  const raw = query.scores === "raw";
  const layout = `${query.scores}|${query.benchmarks.join()}|${query.columns.join()}`;
  const list = rows ?? NO_ROWS;
  const { shown, restPx, rest, frame } = useRowWindow(list);
  // While rows are left out of the DOM, the table says how many it has and where each rendered one stands.
  const windowed = shown.length < list.length;
  return (
    <div class="table-wrap" ref={frame}>
      <table class="board" aria-rowcount={windowed ? list.length + 1 : undefined}>
        <caption class="visually-hidden">
          Ranked evaluations, sorted by {sortTitle(query.sort)} {query.order === "asc" ? "ascending" : "descending"}
        </caption>
        <thead>
          <tr aria-rowindex={windowed ? 1 : undefined}>
            <th scope="col" class="col-rank">
              Rank <span class="visually-hidden">and the ranks it is statistically tied with</span>
            </th>
            <th scope="col" class="col-pin">
              <span class="visually-hidden">Pin</span>
            </th>
            {showType ? <SortHeader query={query} sortKey="type" title="Type" class="type" /> : null}
            <SortHeader query={query} sortKey="model" title="Model" class="model" />
            <SortHeader query={query} sortKey="average" title="Average" />
            {benchmarks.map((b) => (
              <SortHeader key={b.key} query={query} sortKey={b.key} title={raw ? `${b.title} (raw %)` : b.title} />
            ))}
            {others.map((c) => (
              <SortHeader
                key={c}
                query={query}
                sortKey={c}
                title={COLUMNS[c].title}
                class={`${COLUMNS[c].text ? "text " : ""}col-${c}`}
              />
            ))}
          </tr>
        </thead>
        {rows === null ? (
          <tbody dangerouslySetInnerHTML={SERVER_ROWS} />
        ) : (
          <tbody>
            {shown.map((entry, i) => (
              <Row
                key={entry.row.id}
                entry={entry}
                benchmarks={benchmarks}
                others={others}
                showType={showType}
                raw={raw}
                layout={layout}
                index={windowed ? i + 2 : undefined}
              />
            ))}
          </tbody>
        )}
      </table>
      {windowed ? <div class="board-rest" aria-hidden="true" ref={rest} style={{ height: `${restPx}px` }} /> : null}
    </div>
  );
}
