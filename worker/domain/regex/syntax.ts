/**
 * JavaScript regular-expression syntax, as `new RegExp(pattern, "i")` reads it (no `u` flag, web-compatibility
 * rules included), parsed into a tree of character sets, concatenation, alternation, repetition and assertions:
 * the part of the language a finite automaton can run. Backreferences, lookarounds and legacy octal escapes
 * cannot be compiled so and are refused. Character sets are already case-folded as the `i` flag folds them.
 */

/** Code-unit ranges, flat and inclusive: `[lo0, hi0, lo1, hi1, …]`, sorted, disjoint and not adjacent. */
export type Ranges = readonly number[];

export type Assertion = "^" | "$" | "b" | "B";

export type Ast =
  | { t: "set"; ranges: Ranges }
  | { t: "cat"; items: Ast[] }
  | { t: "alt"; items: Ast[] }
  | { t: "rep"; item: Ast; min: number; max: number }
  | { t: "assert"; a: Assertion };

/** What keeps a pattern from becoming an automaton, worded to follow the pattern: `uses backreferences`. */
export class Unsupported extends Error {
  constructor(readonly what: string) {
    super(what);
  }
}

const MAX_UNIT = 0xffff;

function normalize(pairs: number[]): number[] {
  const order: [number, number][] = [];
  for (let i = 0; i < pairs.length; i += 2) order.push([pairs[i] as number, pairs[i + 1] as number]);
  order.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [lo, hi] of order) {
    const last = out.length - 1;
    if (last > 0 && lo <= (out[last] as number) + 1) out[last] = Math.max(out[last] as number, hi);
    else out.push(lo, hi);
  }
  return out;
}

export function complement(ranges: Ranges): number[] {
  const out: number[] = [];
  let next = 0;
  for (let i = 0; i < ranges.length; i += 2) {
    if ((ranges[i] as number) > next) out.push(next, (ranges[i] as number) - 1);
    next = (ranges[i + 1] as number) + 1;
  }
  if (next <= MAX_UNIT) out.push(next, MAX_UNIT);
  return out;
}

export const DIGIT: Ranges = [0x30, 0x39];
export const WORD: Ranges = [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a];
const SPACE: Ranges = [
  0x09, 0x0d, 0x20, 0x20, 0xa0, 0xa0, 0x1680, 0x1680, 0x2000, 0x200a, 0x2028, 0x2029, 0x202f, 0x202f, 0x205f, 0x205f,
  0x3000, 0x3000, 0xfeff, 0xfeff,
];
const DOT = complement([0x0a, 0x0a, 0x0d, 0x0d, 0x2028, 0x2029]);
const CLASS_ESCAPES: Record<string, Ranges> = {
  d: DIGIT,
  D: complement(DIGIT),
  w: WORD,
  W: complement(WORD),
  s: SPACE,
  S: complement(SPACE),
};

/**
 * Each non-ASCII code unit the `i` flag makes equal to others, with all of them: built on first use (a pass
 * over the 65,536 code units), as only a pattern with non-ASCII letters needs it.
 */
let foldGroups: [number, number[]][] | null = null;

/** Adds every code unit the `i` flag makes equal to one already in `ranges`. */
function fold(ranges: Ranges): number[] {
  const extra: number[] = [];
  for (let i = 0; i < ranges.length; i += 2) {
    const lo = ranges[i] as number;
    const hi = ranges[i + 1] as number;
    if (lo <= 0x5a && hi >= 0x41) extra.push(Math.max(lo, 0x41) + 0x20, Math.min(hi, 0x5a) + 0x20);
    if (lo <= 0x7a && hi >= 0x61) extra.push(Math.max(lo, 0x61) - 0x20, Math.min(hi, 0x7a) - 0x20);
    if (hi < 0x80) continue;
    if (!foldGroups) {
      const byCanon = new Map<number, number[]>();
      for (let c = 0x80; c <= MAX_UNIT; c++) {
        // The spec's Canonicalize without `u`: upper case, unless that takes several units or leaves non-ASCII.
        const upper = String.fromCharCode(c).toUpperCase();
        const canon = upper.length === 1 && upper.charCodeAt(0) >= 0x80 ? upper.charCodeAt(0) : c;
        byCanon.set(canon, [...(byCanon.get(canon) ?? []), c]);
      }
      const groups = [...byCanon.values()].filter((g) => g.length > 1);
      foldGroups = groups.flatMap((g) => g.map((c): [number, number[]] => [c, g]));
    }
    for (const [c, group] of foldGroups) if (c >= lo && c <= hi) for (const d of group) extra.push(d, d);
  }
  return extra.length === 0 ? [...ranges] : normalize([...ranges, ...extra]);
}

/** The first index whose value is at least `value` in a sorted array. */
export function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const set = (ranges: Ranges): Ast => ({ t: "set", ranges });
const unit = (c: number): Ast => set(fold([c, c]));
const CONTROL_ESCAPES: Record<string, number> = { t: 9, n: 10, v: 11, f: 12, r: 13 };
const HEX = /^[0-9a-f]+$/i;
const QUANTIFIER = /\{(\d+)(,(\d*))?\}/y;

/** The tree of a pattern that `new RegExp(pattern, "i")` accepts; throws Unsupported for what no automaton runs. */
export function parsePattern(p: string): Ast {
  let i = 0;
  const peek = (offset = 0) => p[i + offset] ?? "";

  const alternation = (): Ast => {
    const items = [sequence()];
    while (peek() === "|") {
      i++;
      items.push(sequence());
    }
    return items.length === 1 ? (items[0] as Ast) : { t: "alt", items };
  };

  const sequence = (): Ast => {
    const items: Ast[] = [];
    while (i < p.length && peek() !== "|" && peek() !== ")") items.push(repeated());
    return items.length === 1 ? (items[0] as Ast) : { t: "cat", items };
  };

  const repeated = (): Ast => {
    const item = atom();
    const bounds = quantifier();
    if (!bounds) return item;
    // A lazy quantifier matches the same texts, only preferring shorter ones: nothing to a yes/no test.
    if (peek() === "?") i++;
    return { t: "rep", item, min: bounds[0], max: bounds[1] };
  };

  const quantifier = (): [number, number] | null => {
    const ch = peek();
    if (ch === "*" || ch === "+" || ch === "?") {
      i++;
      return [ch === "+" ? 1 : 0, ch === "?" ? 1 : Infinity];
    }
    if (ch !== "{") return null;
    QUANTIFIER.lastIndex = i;
    const m = QUANTIFIER.exec(p);
    // Without the `u` flag a `{` that does not start a quantifier is a literal.
    if (!m) return null;
    i += m[0].length;
    const min = Number(m[1]);
    return [min, m[2] === undefined ? min : m[3] === "" ? Infinity : Number(m[3])];
  };

  const atom = (): Ast => {
    const ch = p[i++] as string;
    if (ch === "^" || ch === "$") return { t: "assert", a: ch };
    if (ch === ".") return set(DOT);
    if (ch === "[") return set(characterClass());
    if (ch === "(") return group();
    if (ch !== "\\") return unit(ch.charCodeAt(0));
    const e = peek();
    if (e === "b" || e === "B") {
      i++;
      return { t: "assert", a: e };
    }
    const code = escapeAt(false);
    return typeof code === "number" ? unit(code) : set(code);
  };

  const group = (): Ast => {
    if (peek() === "?") {
      const kind = peek(1);
      if (kind === ":") i += 2;
      else if (kind === "<" && peek(2) !== "=" && peek(2) !== "!") i = p.indexOf(">", i) + 1;
      else if (kind === "=" || kind === "!" || kind === "<") throw new Unsupported("uses lookahead or lookbehind");
      else throw new Unsupported(`uses the group "(?${kind}"`);
    }
    const inner = alternation();
    i++;
    return inner;
  };

  /** After a backslash: one code unit, or the ranges of `\d` `\w` `\s` and their negations. */
  const escapeAt = (inClass: boolean): number | Ranges => {
    const ch = p[i++] as string;
    const named = CLASS_ESCAPES[ch] ?? CONTROL_ESCAPES[ch];
    if (named !== undefined) return named;
    if (ch >= "1" && ch <= "9") throw new Unsupported(inClass ? "uses octal escapes" : "uses backreferences");
    if (ch === "0") {
      if (/[0-9]/.test(peek())) throw new Unsupported("uses octal escapes");
      return 0;
    }
    if (ch === "k" && peek() === "<") throw new Unsupported("uses backreferences");
    if (inClass && ch === "b") return 8;
    if (ch === "c") {
      const letter = peek();
      if (/[a-z]/i.test(letter) || (inClass && /[0-9_]/.test(letter))) {
        i++;
        return letter.charCodeAt(0) % 32;
      }
      // Web compatibility: a `\c` not followed by a control letter is a backslash, and the `c` is read again.
      i--;
      return 0x5c;
    }
    const digits = ch === "x" ? 2 : ch === "u" ? 4 : 0;
    const hex = p.slice(i, i + digits);
    if (digits > 0 && hex.length === digits && HEX.test(hex)) {
      i += digits;
      return parseInt(hex, 16);
    }
    return ch.charCodeAt(0);
  };

  const classAtom = (): number | Ranges => {
    const ch = p[i++] as string;
    return ch === "\\" ? escapeAt(true) : ch.charCodeAt(0);
  };

  const characterClass = (): number[] => {
    const negated = peek() === "^";
    if (negated) i++;
    // Literals are case-folded; `\d`-like sets are closed under folding already and can be large.
    const pairs: number[] = [];
    const sets: number[] = [];
    const add = (a: number | Ranges) => (typeof a === "number" ? pairs.push(a, a) : sets.push(...a));
    while (i < p.length && peek() !== "]") {
      const from = classAtom();
      if (peek() !== "-" || peek(1) === "]" || peek(1) === "") {
        add(from);
        continue;
      }
      i++;
      const to = classAtom();
      // Web compatibility: a range with `\d`-like ends is the two sets and a literal `-`.
      if (typeof from === "number" && typeof to === "number") pairs.push(from, to);
      else [from, 0x2d, to].forEach(add);
    }
    i++;
    const folded = normalize([...fold(normalize(pairs)), ...sets]);
    return negated ? complement(folded) : folded;
  };

  const ast = alternation();
  if (i < p.length) throw new Unsupported(`has "${p[i] as string}" where it cannot be read`);
  return ast;
}
