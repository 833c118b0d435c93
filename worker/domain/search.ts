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

/**
 * Repetitions allowed in one pattern, and how many of them may be unbounded: each unbounded one multiplies the
 * work on a failing row by the id's length (over the final data: `.*.*!` 0.2 s, `.*.*.*!` 2.4 s, one more 28 s).
 */
const MAX_REPEATS = 3;
const MAX_UNBOUNDED_REPEATS = 2;
const COUNTED = /^\{\d+(,\d*)?\}/;

/**
 * Whether a pattern can make JavaScript's backtracking engine work exponentially or as a high power of the
 * text's length (`(.|.)*!` takes minutes on one model id): a repeated group that itself repeats or alternates,
 * a backreference, or too many repetitions. Conservative: it may refuse a harmless pattern.
 */
function backtracksBadly(pattern: string): boolean {
  const groups = [{ repeatsOrAlternates: false }];
  let repeats = 0;
  let unboundedRepeats = 0;
  let closedGroupRisky = false;
  let afterRepeat = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    const quantifiedGroupRisky = closedGroupRisky;
    const lazyMark = afterRepeat && ch === "?";
    closedGroupRisky = false;
    afterRepeat = false;
    const top = groups[groups.length - 1] as { repeatsOrAlternates: boolean };
    if (lazyMark) continue;
    if (ch === "\\") {
      if (/[1-9k]/.test(pattern[i + 1] ?? "")) return true;
      i++;
    } else if (ch === "[") {
      i++;
      if (pattern[i] === "^") i++;
      if (pattern[i] === "]") i++;
      while (i < pattern.length && pattern[i] !== "]") i += pattern[i] === "\\" ? 2 : 1;
    } else if (ch === "(") {
      groups.push({ repeatsOrAlternates: false });
      // Skip the group's syntax: `(?:`, `(?=`, `(?!`, `(?<=`, `(?<!`, `(?<name>`.
      const named = pattern[i + 1] === "?" && pattern[i + 2] === "<" && !"=!".includes(pattern[i + 3] ?? "");
      if (named) i = Math.max(pattern.indexOf(">", i), i + 2);
      else if (pattern[i + 1] === "?") i += 2;
    } else if (ch === ")") {
      const group = groups.length > 1 ? groups.pop() : undefined;
      closedGroupRisky = group?.repeatsOrAlternates ?? false;
      if (closedGroupRisky) (groups[groups.length - 1] as { repeatsOrAlternates: boolean }).repeatsOrAlternates = true;
    } else if (ch === "|") {
      top.repeatsOrAlternates = true;
    } else if (ch === "*" || ch === "+" || ch === "?" || (ch === "{" && COUNTED.test(pattern.slice(i)))) {
      if (quantifiedGroupRisky || ++repeats > MAX_REPEATS) return true;
      top.repeatsOrAlternates = true;
      const counted = ch === "{" ? (COUNTED.exec(pattern.slice(i)) as RegExpExecArray)[0] : "";
      const unbounded = ch === "*" || ch === "+" || counted.endsWith(",}");
      if (unbounded && ++unboundedRepeats > MAX_UNBOUNDED_REPEATS) return true;
      i += Math.max(counted.length - 1, 0);
      afterRepeat = true;
    }
  }
  return false;
}

function matcher(term: string): Matcher | { error: string } {
  if (!SPECIAL.test(term)) {
    const needle = term.toLowerCase();
    return (hay) => hay.includes(needle);
  }
  let re: RegExp;
  try {
    // The haystack is lower-cased already; `i` still matters for classes like [A-Z] in the pattern.
    re = new RegExp(term, "i");
  } catch (err) {
    return { error: `"${term}" is not a valid regular expression (${(err as Error).message})` };
  }
  if (backtracksBadly(term)) {
    return {
      error:
        `"${term}" needs too much backtracking to run safely: no repeated group that repeats or alternates ` +
        `inside, no backreferences, at most ${MAX_REPEATS} repetitions of which ${MAX_UNBOUNDED_REPEATS} unbounded`,
    };
  }
  return (hay) => re.test(hay);
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
