/**
 * The board: controls, table and pager for one BoardQuery. The server renders it for any URL; the island
 * hydrates the same component and re-renders it on every change. Every control is a GET form field or a plain
 * link to the view it leads to, so it all works without JavaScript; with it, `onQuery` receives the new query.
 */
import type { JSX } from "preact";
import { BENCHMARKS } from "../../worker/domain/benchmarks";
import {
  boardQueryToParams,
  COLUMN_KEYS,
  HIDE_KEYS,
  PARAM_PRESETS,
  type BoardQuery,
  type ColumnKey,
  type CompactRow,
  type RankedRow,
  type SortKey,
} from "../../worker/domain/board";
import { MODEL_TYPE_LABELS, MODEL_TYPES, PRECISIONS } from "../../worker/domain/vocabulary";
import { readBoardView, type BoardView } from "../board-params";
import { co2, count, params, score } from "../format";
import { modelHref } from "../links";

export interface BoardProps {
  query: BoardQuery;
  rows: readonly RankedRow[];
  /** Rows in the filtered view. */
  total: number;
  /** Ranked evaluations on the whole board. */
  boardSize: number;
  /** Why part of the URL was ignored, or why the search cannot run. */
  problem?: string | null;
  /** Set by the island: a control asks for another view (with what was set aside). Absent on the server. */
  onQuery?: (query: BoardQuery, problem: string | null) => void;
  /** Shown by the island while the full dataset loads. */
  status?: string;
  /** Set by the island: the pointer or focus entered the board, so it will likely be used soon. */
  onIntent?: () => void;
}

/** The URL of a view of the board: only non-default settings, in a fixed order. */
export function boardHref(query: BoardQuery): string {
  const qs = boardQueryToParams(query).toString();
  return qs ? `/?${qs}` : "/";
}

const HIDE_LABELS: Record<(typeof HIDE_KEYS)[number], string> = {
  merged: "Merged",
  moe: "Mixture of experts",
  flagged: "Flagged",
  unavailable: "Not on the Hub",
};

interface Column {
  title: string;
  /** Text columns align left and sort ascending first. */
  text?: boolean;
  cell(row: CompactRow): JSX.Element | string;
}

const yesNo = (v: boolean) => (v ? "yes" : "no");
const date = (v: string | null) => v ?? "–";

const COLUMNS: Record<ColumnKey, Column> = {
  type: {
    title: "Type",
    text: true,
    cell: (r) => {
      const label = MODEL_TYPE_LABELS[r.type] ?? MODEL_TYPE_LABELS.other;
      return (
        <span title={label.label}>
          <span aria-hidden="true">{label.symbol}</span>
          <span class="visually-hidden">{label.label}</span>
        </span>
      );
    },
  },
  co2: { title: "CO₂ (kg)", cell: (r) => co2(r.co2) },
  likes: { title: "Hub ❤️", cell: (r) => count(r.likes) },
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

const TEXT_FIRST = new Set<SortKey>(["model", "type", "architecture", "precision", "weight_type", "license", "base_model"]);


/** The view sorted by `key`: a second click on the sorted column flips the order. */
function sortHref(query: BoardQuery, key: SortKey): string {
  const order = query.sort === key ? (query.order === "desc" ? "asc" : "desc") : TEXT_FIRST.has(key) ? "asc" : "desc";
  return boardHref({ ...query, sort: key, order, offset: 0 });
}

function SortHeader({ query, sortKey, title, class: cls }: { query: BoardQuery; sortKey: SortKey; title: string; class?: string }) {
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

function Check({ name, value, checked, label }: { name: string; value: string; checked: boolean; label: string | JSX.Element }) {
  return (
    <label>
      <input type="checkbox" name={name} value={value} checked={checked} />
      {label}
    </label>
  );
}

function Choice<T extends string>({ label, name, value, options }: { label: string; name: string; value: T; options: ReadonlyArray<[T, string]> }) {
  return (
    <label class="choice">
      <span>{label}</span>
      <select name={name} value={value}>
        {options.map(([v, text]) => (
          <option key={v} value={v} selected={value === v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

function Controls({ query }: { query: BoardQuery }) {
  return (
    <>
      <div class="search">
        <label for="board-search">Search models</label>
        <input
          id="board-search"
          type="search"
          name="search"
          value={query.search}
          placeholder="e.g. meta @architecture:llama; 7b @license:apache"
          autocomplete="off"
          spellcheck={false}
          aria-describedby="search-help"
        />
        <span id="search-help" class="muted small">
          <code>;</code> separates alternatives; <code>@architecture:</code> <code>@license:</code>{" "}
          <code>@precision:</code> <code>@type:</code> narrow one; special characters make a regular expression.
        </span>
      </div>
      <fieldset>
        <legend>Type</legend>
        <div class="chips">
          {MODEL_TYPES.map((t) => (
            <Check
              key={t}
              name="types"
              value={t}
              checked={query.types.includes(t)}
              label={
                <>
                  <span aria-hidden="true">{MODEL_TYPE_LABELS[t].symbol}</span> {MODEL_TYPE_LABELS[t].label}
                </>
              }
            />
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>Precision</legend>
        <div class="chips">
          {PRECISIONS.map((p) => (
            <Check key={p} name="precision" value={p} checked={query.precision.includes(p)} label={p} />
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>Parameters (billions)</legend>
        <div class="chips">
          <label>
            from <input type="number" name="params" min="0" step="any" value={query.paramsMin ?? ""} aria-label="Minimum parameters, billions" />
          </label>
          <label>
            to <input type="number" name="params" min="0" step="any" value={query.paramsMax ?? ""} aria-label="Maximum parameters, billions" />
          </label>
        </div>
        <div class="chips" style="margin-top:.3rem">
          {PARAM_PRESETS.map((p) => {
            const active = query.paramsMin === p.min && query.paramsMax === p.max;
            return (
              <a
                key={p.key}
                href={boardHref({ ...query, paramsMin: active ? null : p.min, paramsMax: active ? null : p.max, offset: 0 })}
                aria-current={active ? "true" : undefined}
              >
                {p.label} {p.min}–{p.max}B
              </a>
            );
          })}
        </div>
      </fieldset>
      <fieldset>
        <legend>Hide</legend>
        <div class="chips">
          {HIDE_KEYS.map((h) => (
            <Check key={h} name="hide" value={h} checked={query.hide.includes(h)} label={HIDE_LABELS[h]} />
          ))}
          <Check name="official" value="true" checked={query.official} label="Only official providers" />
        </div>
      </fieldset>
      <fieldset>
        <legend>Display</legend>
        <div class="choices">
          <Choice label="Scores" name="scores" value={query.scores} options={[["normalized", "normalized"], ["raw", "raw"]]} />
          <Choice label="Rank" name="rank" value={query.rank} options={[["static", "whole board"], ["dynamic", "within filter"]]} />
          <Choice label="Average over" name="average" value={query.average} options={[["all", "all six"], ["visible", "visible benchmarks"]]} />
        </div>
      </fieldset>
      <details class="columns">
        <summary>Columns</summary>
        <fieldset>
          <legend>Benchmarks</legend>
          <div class="chips">
            {BENCHMARKS.map((b) => (
              <Check key={b.key} name="benchmarks" value={b.key} checked={query.benchmarks.includes(b.key)} label={b.title} />
            ))}
          </div>
        </fieldset>
        <fieldset>
          <legend>Other columns</legend>
          {/* An empty value, so unticking every box means "none" rather than "the default". */}
          <input type="hidden" name="columns" value="" />
          <div class="chips">
            {COLUMN_KEYS.map((c) => (
              <Check key={c} name="columns" value={c} checked={query.columns.includes(c)} label={COLUMNS[c].title} />
            ))}
          </div>
        </fieldset>
      </details>
      <input type="hidden" name="sort" value={query.sort} />
      <input type="hidden" name="order" value={query.order} />
      {query.limit !== 100 ? <input type="hidden" name="limit" value={String(query.limit)} /> : null}
      {query.pinned.length > 0 ? <input type="hidden" name="pinned" value={query.pinned.join(",")} /> : null}
      <div class="actions">
        <button type="submit">Apply</button>
        <a class="button secondary" href="/">
          Reset
        </a>
      </div>
    </>
  );
}

function pinHref(query: BoardQuery, id: string): string {
  const pinned = query.pinned.includes(id) ? query.pinned.filter((p) => p !== id) : [...query.pinned, id];
  return boardHref({ ...query, pinned });
}

function Table({ query, rows }: { query: BoardQuery; rows: readonly RankedRow[] }) {
  const benchmarks = BENCHMARKS.filter((b) => query.benchmarks.includes(b.key));
  const showType = query.columns.includes("type");
  const others = query.columns.filter((c) => c !== "type");
  const raw = query.scores === "raw";
  return (
    <div class="table-wrap">
      <table class="board">
        <caption class="visually-hidden">
          Ranked evaluations, sorted by {query.sort} {query.order === "asc" ? "ascending" : "descending"}
        </caption>
        <thead>
          <tr>
            <th scope="col">Rank</th>
            <th scope="col">
              <span class="visually-hidden">Pin</span>
            </th>
            {showType ? <SortHeader query={query} sortKey="type" title="Type" class="type" /> : null}
            <SortHeader query={query} sortKey="model" title="Model" class="model" />
            <SortHeader query={query} sortKey="average" title="Average" />
            {benchmarks.map((b) => (
              <SortHeader key={b.key} query={query} sortKey={b.key} title={raw ? `${b.title} (raw %)` : b.title} />
            ))}
            {others.map((c) => (
              <SortHeader key={c} query={query} sortKey={c} title={COLUMNS[c].title} class={COLUMNS[c].text ? "text" : undefined} />
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(({ rank, average, pinned, row }) => {
            const values = raw ? row.raw.map((v) => (v == null ? null : v * 100)) : row.normalized;
            return (
              <tr key={row.id} class={pinned ? "pinned" : undefined}>
                <td>{rank}</td>
                <td>
                  <a class="pin" href={pinHref(query, row.id)} aria-label={`${pinned ? "Unpin" : "Pin"} ${row.model} (${row.precision})`}>
                    {pinned ? "★" : "☆"}
                  </a>
                </td>
                {showType ? <td class="type">{COLUMNS.type.cell(row)}</td> : null}
                <td class="model">
                  <a href={modelHref(row.model)}>{row.model}</a>
                </td>
                <td class="average">{score(average)}</td>
                {benchmarks.map((b) => (
                  <td key={b.key}>{score(values[BENCHMARKS.indexOf(b)])}</td>
                ))}
                {others.map((c) => (
                  <td key={c} class={COLUMNS[c].text ? "text" : undefined}>
                    {COLUMNS[c].cell(row)}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** A link comparing the pinned models side by side (up to six), when rows are pinned. */
function ComparePinned({ rows }: { rows: readonly RankedRow[] }) {
  const models = [...new Set(rows.filter((r) => r.pinned).map((r) => r.row.model))].slice(0, 6);
  if (models.length === 0) return null;
  return (
    <p>
      <a href={`/compare?models=${models.map(encodeURIComponent).join(",")}`}>
        Compare the pinned model{models.length > 1 ? "s" : ""} side by side
      </a>
    </p>
  );
}

/** The view a form's fields describe: the same reading the server gives the submitted GET form. */
function viewFromForm(form: HTMLFormElement): BoardView {
  const params = new URLSearchParams();
  for (const [name, value] of new FormData(form)) if (typeof value === "string") params.append(name, value);
  return readBoardView(params);
}

export function Board({ query, rows, total, boardSize, problem, onQuery, status, onIntent }: BoardProps) {
  const first = rows.length ? query.offset + 1 : 0;
  const last = query.offset + rows.length;
  const change = onQuery
    ? (event: Event) => {
        const form = (event.currentTarget as HTMLFormElement | null) ?? null;
        if (!form) return;
        const view = viewFromForm(form);
        onQuery({ ...view.query, offset: 0 }, view.problem);
      }
    : undefined;
  const submit = onQuery ? (event: Event) => (event.preventDefault(), change?.(event)) : undefined;
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
    <div onClick={click} onPointerOver={onIntent} onFocusIn={onIntent}>
      <form class="controls" method="get" action="/" role="search" aria-label="Filter the board" onInput={change} onChange={change} onSubmit={submit}>
        <Controls query={query} />
      </form>
      {problem ? (
        <p class="notice" role="alert">
          {problem}
        </p>
      ) : null}
      <p class="muted" aria-live="polite">
        {count(total)} of {count(boardSize)} evaluations{total > 0 ? ` · showing ${count(first)}–${count(last)}` : ""}
        {status ? ` · ${status}` : ""}
      </p>
      <ComparePinned rows={rows} />
      <Table query={query} rows={rows} />
      <nav class="pager" aria-label="Pages">
        {query.offset > 0 ? (
          <a href={boardHref({ ...query, offset: Math.max(0, query.offset - query.limit) })}>← Previous {query.limit}</a>
        ) : null}
        {last < total ? <a href={boardHref({ ...query, offset: query.offset + query.limit })}>Next {query.limit} →</a> : null}
      </nav>
    </div>
  );
}
