/**
 * The old leaderboard's search syntax: `;` separates queries combined with OR; inside one query, free text and
 * `@architecture:` `@license:` `@precision:` `@type:` prefixes combine with AND. A term is a case-insensitive
 * substring unless it holds a regular-expression special character, then it is a case-insensitive regular
 * expression, run by the automata of ./regex/ rather than JavaScript's backtracking engine. On the fields of a
 * fixed vocabulary (precision, type) a term matches whole values only: `@precision:float16` is not bfloat16, and a
 * regular expression there must match the whole value. Pure and dependency-free so the browser island runs the
 * same code as the server.
 */
import { compileGroups } from "./regex/compile";

export const SEARCH_FIELDS = ["architecture", "license", "precision", "type"] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

/** Fields whose values come from a closed vocabulary: a term names a value, so it matches the whole of it. */
const WHOLE_VALUE_FIELDS: ReadonlySet<SearchField> = new Set(["precision", "type"]);

/** Longest accepted search text: long enough for any real query, short enough to bound the work of a search. */
export const MAX_SEARCH_LENGTH = 300;

/** One term: tests an already lower-cased haystack. */
export type Matcher = (lowerCased: string) => boolean;

/** One `;`-separated query: every present part must match. */
export interface SearchClause {
  text: Matcher | null;
  fields: Partial<Record<SearchField, Matcher>>;
}

export type SearchResult = { ok: true; clauses: SearchClause[] } | { ok: false; message: string };

const SPECIAL = /[\\^$.*+?()[\]{}|]/;
const PREFIX = /(^|\s)@(\w+):(\S*)/g;

/** `;`-separated queries one search may hold: each plain term on the model name is a substring test per row. */
export const MAX_CLAUSES = 12;

/**
 * Passes over a row's model name that the regular expressions of one search may take: each costs about 15–30 ms
 * on 100,000 rows (bench/search-cpu.ts). Patterns share a pass when their automata fit together.
 */
export const MAX_PASSES = 3;

/**
 * Automaton work one search may spend compiling its regular expressions: 20–30 ns a unit once warm on the
 * development machine (bench/search-cpu.ts), so even a refused search costs about 10 ms. Twelve real model ids
 * with dots, the heaviest search a person types, take 150,000–220,000.
 */
export const SEARCH_WORK = 300_000;

type Target = "model" | SearchField;

/** A term compiled with the others on the same target once the whole text is read. */
interface Pending {
  target: Target;
  term: string;
  assign: (m: Matcher) => void;
}

/** `mask` remembered for the last text and, if `byValue`, for every text seen (fields have few values). */
function remembered(mask: (text: string) => number, byValue: boolean): (text: string) => number {
  const known = new Map<string, number>();
  let lastText: string | null = null;
  let lastMask = 0;
  return (text) => {
    // The clauses of a search are tested one after another on the same row: one computation serves them all.
    if (text === lastText) return lastMask;
    lastText = text;
    lastMask = (byValue ? known.get(text) : undefined) ?? mask(text);
    if (byValue) known.set(text, lastMask);
    return lastMask;
  };
}

/**
 * The matchers of the terms on each target: regular expressions share automata (at most MAX_PASSES on the
 * model name), field terms are worked out once per distinct value. A message when the search cannot run.
 */
function compileAll(pending: readonly Pending[]): string | null {
  const budget = { work: SEARCH_WORK };
  for (const target of ["model", ...SEARCH_FIELDS] as const) {
    const mine = pending.filter((p) => p.target === target);
    if (mine.length === 0) continue;
    // Clauses repeating a term share its bit: the patterns' bits first, as the automata number them.
    const unique = [...new Set(mine.map((p) => p.term))];
    const patterns = unique.filter((t) => SPECIAL.test(t));
    const plain = unique.filter((t) => !SPECIAL.test(t));
    const needles = plain.map((t) => t.toLowerCase());
    const whole = target !== "model" && WHOLE_VALUE_FIELDS.has(target);
    const compiled = compileGroups(
      whole ? patterns.map((t) => `^(?:${t})$`) : patterns,
      budget,
      target === "model" ? MAX_PASSES : MAX_CLAUSES,
    );
    if (!compiled.ok) {
      return compiled.index >= 0
        ? unsupported(patterns[compiled.index] as string, compiled.problem)
        : tooComplex(compiled.problem);
    }
    const test = compiled.test;
    const mask = remembered((text) => {
      let bits = patterns.length > 0 ? test(text) : 0;
      for (let j = 0; j < needles.length; j++) {
        const needle = needles[j] as string;
        if (whole ? text === needle : text.includes(needle)) bits |= 1 << (patterns.length + j);
      }
      return bits;
    }, target !== "model");
    const terms = [...patterns, ...plain];
    for (const p of mine) {
      const bit = 1 << terms.indexOf(p.term);
      p.assign((hay) => (mask(hay) & bit) !== 0);
    }
  }
  return null;
}

const unsupported = (term: string, problem: string) =>
  `"${term}" ${problem}, which the search cannot run: it matches in one pass, without backtracking`;

const tooComplex = (problem: string) =>
  problem === "passes"
    ? `is too complex to run safely: its regular expressions on the model name need more than ${MAX_PASSES} ` +
      "automata (use fewer queries, or fewer wildcards and repetitions)"
    : `is too complex to run safely: its regular expressions need more than ${SEARCH_WORK.toLocaleString("en")} ` +
      "automaton steps to compile (use fewer or smaller repetitions such as {0,99}, or fewer queries)";

/** Why `term` cannot be used, or null: only a term with a special character is read as a regular expression. */
function invalid(term: string): string | null {
  if (!SPECIAL.test(term)) return null;
  try {
    // Only to check the syntax and word the error as JavaScript does; an automaton does the matching.
    new RegExp(term, "i");
    return null;
  } catch (err) {
    return `"${term}" is not a valid regular expression (${(err as Error).message})`;
  }
}

function isField(name: string): name is SearchField {
  return (SEARCH_FIELDS as readonly string[]).includes(name);
}

/**
 * Parses a search text into OR-ed clauses; an empty text (or only `;`) gives no clauses, which matches
 * everything. Fails with a message on an unknown `@field:`, an invalid or unsupported regular expression, too
 * many clauses or too much automaton work, never throws. Testing a row then costs one pass over each of its
 * strings that a regular expression looks at, plus a substring test per plain term, whatever the patterns.
 */
export function parseSearch(text: string): SearchResult {
  if (text.length > MAX_SEARCH_LENGTH) {
    return { ok: false, message: `is longer than ${MAX_SEARCH_LENGTH} characters` };
  }
  // A request reads its search up to three times (validation, the query, the engine) and the island once per
  // render: compile it once. Surrounding spaces never change the clauses.
  const key = text.trim();
  if (last.key !== key) last = { key, result: parse(key) };
  return last.result;
}

let last: { key: string; result: SearchResult } = { key: "", result: { ok: true, clauses: [] } };

function parse(text: string): SearchResult {
  const clauses: SearchClause[] = [];
  const pending: Pending[] = [];
  for (const part of text.split(";")) {
    const terms = new Map<Target, string>();
    let problem: string | null = null;
    const free = part.replace(PREFIX, (_all, lead: string, name: string, value: string) => {
      const field = name.toLowerCase();
      if (!isField(field)) {
        problem ??= `unknown search prefix @${name}: (use ${SEARCH_FIELDS.map((f) => `@${f}:`).join(" ")})`;
      } else if (value !== "") {
        problem ??= invalid(value);
        terms.set(field, value);
      }
      return lead;
    });
    if (problem) return { ok: false, message: problem };
    const words = free.trim().replace(/\s+/g, " ");
    if (words !== "") {
      const bad = invalid(words);
      if (bad) return { ok: false, message: bad };
      terms.set("model", words);
    }
    if (terms.size === 0) continue;
    if (clauses.length === MAX_CLAUSES) {
      return { ok: false, message: `has more than ${MAX_CLAUSES} queries separated by ";"` };
    }
    const clause: SearchClause = { text: null, fields: {} };
    for (const [target, term] of terms) {
      const assign = (m: Matcher) => {
        if (target === "model") clause.text = m;
        else clause.fields[target] = m;
      };
      pending.push({ target, term, assign });
    }
    clauses.push(clause);
  }
  const problem = compileAll(pending);
  if (problem) return { ok: false, message: problem };
  return { ok: true, clauses };
}

/** What a clause is tested against, lower-cased once per row by the caller. */
export interface SearchTarget {
  model: string;
  architecture: string;
  license: string;
  precision: string;
  type: string;
}

/** True when the target matches any clause (or there are no clauses). */
export function matchesSearch(clauses: readonly SearchClause[], target: SearchTarget): boolean {
  if (clauses.length === 0) return true;
  for (const clause of clauses) {
    if (clause.text && !clause.text(target.model)) continue;
    const f = clause.fields;
    if (f.architecture && !f.architecture(target.architecture)) continue;
    if (f.license && !f.license(target.license)) continue;
    if (f.precision && !f.precision(target.precision)) continue;
    if (f.type && !f.type(target.type)) continue;
    return true;
  }
  return false;
}
