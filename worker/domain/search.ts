/**
 * The old leaderboard's search syntax: `;` separates queries combined with OR; inside one query, free text and
 * `@architecture:` `@license:` `@precision:` `@type:` prefixes combine with AND. A term is a case-insensitive
 * substring unless it holds a regular-expression special character, then it is a case-insensitive RegExp.
 * Pure and dependency-free so the browser island runs the same code as the server.
 */

export const SEARCH_FIELDS = ["architecture", "license", "precision", "type"] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

/** Longest accepted search text: long enough for any real query, short enough to bound regex work. */
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

function matcher(term: string): Matcher | { error: string } {
  if (!SPECIAL.test(term)) {
    const needle = term.toLowerCase();
    return (hay) => hay.includes(needle);
  }
  try {
    // The haystack is lower-cased already; `i` still matters for classes like [A-Z] in the pattern.
    const re = new RegExp(term, "i");
    return (hay) => re.test(hay);
  } catch (err) {
    return { error: `"${term}" is not a valid regular expression (${(err as Error).message})` };
  }
}

function isField(name: string): name is SearchField {
  return (SEARCH_FIELDS as readonly string[]).includes(name);
}

/**
 * Parses a search text into OR-ed clauses; an empty text (or only `;`) gives no clauses, which matches
 * everything. Fails with a message on an unknown `@field:` or an invalid regular expression, never throws.
 */
export function parseSearch(text: string): SearchResult {
  if (text.length > MAX_SEARCH_LENGTH) {
    return { ok: false, message: `is longer than ${MAX_SEARCH_LENGTH} characters` };
  }
  const clauses: SearchClause[] = [];
  for (const part of text.split(";")) {
    const fields: SearchClause["fields"] = {};
    let problem: string | null = null;
    const free = part.replace(PREFIX, (_all, lead: string, name: string, value: string) => {
      const field = name.toLowerCase();
      if (!isField(field)) {
        problem ??= `unknown search prefix @${name}: (use ${SEARCH_FIELDS.map((f) => `@${f}:`).join(" ")})`;
        return lead;
      }
      if (value === "") return lead;
      const m = matcher(value);
      if (typeof m === "function") fields[field] = m;
      else problem ??= m.error;
      return lead;
    });
    if (problem) return { ok: false, message: problem };
    const words = free.trim().replace(/\s+/g, " ");
    let textMatcher: Matcher | null = null;
    if (words !== "") {
      const m = matcher(words);
      if (typeof m !== "function") return { ok: false, message: m.error };
      textMatcher = m;
    }
    if (textMatcher || Object.keys(fields).length > 0) clauses.push({ text: textMatcher, fields });
  }
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
