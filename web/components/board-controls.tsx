/** The board's controls: one GET form whose fields are the board's URL parameters, plus preset links. */
import type { JSX } from "preact";
import { BENCHMARKS } from "../../worker/domain/benchmarks";
import { COLUMN_KEYS, HIDE_KEYS, PARAM_PRESETS, type BoardQuery } from "../../worker/domain/board/query";
import { MODEL_TYPE_LABELS, MODEL_TYPES, PRECISIONS } from "../../worker/domain/vocabulary";
import { boardHref } from "../links";
import { COLUMNS } from "./board-table";
import { memoBy, sameButSearch, useBoardQuery } from "./board-query";
import { TypeIcon } from "./type-icon";

const HIDE_LABELS: Record<(typeof HIDE_KEYS)[number], string> = {
  merged: "Merged",
  moe: "Mixture of experts",
  flagged: "Flagged",
  unavailable: "Not on the Hub",
};

function Check({
  name,
  value,
  checked,
  label,
}: {
  name: string;
  value: string;
  checked: boolean;
  label: string | JSX.Element;
}) {
  return (
    <label>
      <input type="checkbox" name={name} value={value} checked={checked} />
      {label}
    </label>
  );
}

/** One end of the size range; both ends are `params`, read as `min,max`. */
function Bound({ word, value, label }: { word: string; value: number | null; label: string }) {
  return (
    <label>
      {word} <input type="number" name="params" min="0" step="any" value={value ?? ""} aria-label={label} />
    </label>
  );
}

const SCORES: ReadonlyArray<[BoardQuery["scores"], string]> = [
  ["normalized", "normalized"],
  ["raw", "raw"],
];
const RANKS: ReadonlyArray<[BoardQuery["rank"], string]> = [
  ["static", "whole board"],
  ["dynamic", "within filter"],
];
const VERIFICATION: ReadonlyArray<[BoardQuery["verification"], string]> = [
  ["verified", "verified only"],
  ["all", "with provisional"],
];
const AVERAGES: ReadonlyArray<[BoardQuery["average"], string]> = [
  ["all", "all six"],
  ["visible", "visible benchmarks"],
];

function Choice<T extends string>({
  label,
  name,
  value,
  options,
}: {
  label: string;
  name: string;
  value: T;
  options: ReadonlyArray<[T, string]>;
}) {
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

/** Reads the search from the context: it is the one field that changes on every keystroke. */
function SearchBox() {
  const { search } = useBoardQuery();
  return (
    <div class="search">
      <label class="visually-hidden" for="board-search">
        Search models
      </label>
      <input
        id="board-search"
        type="search"
        name="search"
        value={search}
        placeholder="Search models, e.g. llama; 7b @license:apache"
        autocomplete="off"
        spellcheck={false}
        aria-describedby="search-help"
      />
    </div>
  );
}

function SearchHelp() {
  return (
    <p id="search-help" class="muted small">
      <code>;</code> separates alternatives; <code>@architecture:</code> <code>@license:</code> (part of the name),{" "}
      <code>@precision:</code> <code>@type:</code> (the whole value, e.g. <code>@type:chat</code>) narrow one; special
      characters make a regular expression.
    </p>
  );
}

/**
 * The day of the board: empty is today. No `min`: a day before the first data is a board that says so, which a
 * browser refusing the form would not.
 */
function AsOf({ query, firstDate }: { query: BoardQuery; firstDate: string | null }) {
  return (
    <fieldset>
      <legend>Board as of</legend>
      <div class="chips">
        <label>
          end of day (UTC) <input type="date" name="as_of" value={query.asOf ?? ""} aria-describedby="as-of-help" />
        </label>
        <span id="as-of-help" class="muted small">
          Empty: today. Each row shows its newest run submitted by then.
          {firstDate ? ` First data: ${firstDate}.` : ""}
        </span>
      </div>
    </fieldset>
  );
}

/** Preset links carry the whole view, search included, so they follow the context. */
function Presets() {
  const query = useBoardQuery();
  return (
    <>
      {PARAM_PRESETS.map((p) => {
        const active = query.paramsMin === p.min && query.paramsMax === p.max;
        return (
          <a
            key={p.key}
            href={boardHref({
              ...query,
              paramsMin: active ? null : p.min,
              paramsMax: active ? null : p.max,
              offset: 0,
            })}
            aria-current={active ? "true" : undefined}
          >
            {p.label} {p.min}–{p.max}B
          </a>
        );
      })}
    </>
  );
}

/** Everything but the search, behind one "Filters" disclosure: a `<details>`, so it opens without JavaScript. */
function ControlsFor({ query, firstDate }: { query: BoardQuery; firstDate: string | null }) {
  return (
    <details class="filters">
      <summary>Filters</summary>
      <div class="filter-panel">
        <SearchHelp />
        <AsOf query={query} firstDate={firstDate} />
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
                    <TypeIcon type={t} /> {MODEL_TYPE_LABELS[t].label}
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
            <Bound word="from" value={query.paramsMin} label="Minimum parameters, billions" />
            <Bound word="to" value={query.paramsMax} label="Maximum parameters, billions" />
          </div>
          <div class="chips presets">
            <Presets />
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
            <Choice label="Scores" name="scores" value={query.scores} options={SCORES} />
            <Choice label="Rank" name="rank" value={query.rank} options={RANKS} />
            <Choice label="Average over" name="average" value={query.average} options={AVERAGES} />
            <Choice label="Runs" name="verification" value={query.verification} options={VERIFICATION} />
          </div>
        </fieldset>
        <details class="columns">
          <summary>Columns</summary>
          <fieldset>
            <legend>Benchmarks</legend>
            <div class="chips">
              {BENCHMARKS.map((b) => (
                <Check
                  key={b.key}
                  name="benchmarks"
                  value={b.key}
                  checked={query.benchmarks.includes(b.key)}
                  label={b.title}
                />
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
        <div class="actions">
          <a class="button secondary" href="/">
            Reset
          </a>
        </div>
      </div>
      <input type="hidden" name="sort" value={query.sort} />
      <input type="hidden" name="order" value={query.order} />
      {query.limit !== 100 ? <input type="hidden" name="limit" value={String(query.limit)} /> : null}
      {query.pinned.length > 0 ? <input type="hidden" name="pinned" value={query.pinned.join(",")} /> : null}
    </details>
  );
}

const Filters = memoBy(ControlsFor, (prev, next) => sameButSearch(prev.query, next.query));

/**
 * The compact bar: the search box, the Filters disclosure and Apply (for the GET form without JavaScript). The
 * filters re-render only when more than the search changes (the search box and presets follow it alone).
 */
export function Controls({ query, firstDate }: { query: BoardQuery; firstDate: string | null }) {
  return (
    <div class="bar">
      <SearchBox />
      <Filters query={query} firstDate={firstDate} />
      <button type="submit" class="apply">
        Apply
      </button>
    </div>
  );
}
