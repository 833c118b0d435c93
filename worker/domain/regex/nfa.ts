/**
 * Thompson automata of parsed patterns, for ./dfa.ts: nodes in parallel arrays (a code-unit set, a fork,
 * an assertion, a match), one match node per pattern, each node tagged with its pattern's bit.
 */
import { parsePattern, Unsupported, type Assertion, type Ast, type Ranges } from "./syntax";

/** Nodes one pattern may expand to: `x{0,99}` is 99 copies of `x`. */
export const MAX_NODES = 2000;

export const CHAR = 0;
export const SPLIT = 1;
export const ASSERT = 2;
export const MATCH = 3;

/** Assertion nodes hold their index here. */
export const ASSERTIONS: readonly Assertion[] = ["^", "$", "b", "B"];

/** Whether `ast` builds no node at all. */
function isEmpty(ast: Ast): boolean {
  if (ast.t === "cat") return ast.items.every(isEmpty);
  return ast.t === "rep" && (ast.max === 0 || isEmpty(ast.item));
}

export interface Nfa {
  kind: number[];
  arg: number[];
  next: number[];
  outs: number[][];
  /** The bit of the pattern a node belongs to (0 for the shared start). */
  owner: number[];
  sets: Ranges[];
  usesWord: boolean;
  start: number;
}

/**
 * The Thompson automaton of the patterns, built back to front so no edge needs patching, with a match node per
 * pattern and a shared start; or the index of the pattern that cannot be built and why.
 */
export function thompson(patterns: readonly string[]): Nfa | { index: number; problem: string } {
  const nfa: Nfa = { kind: [], arg: [], next: [], outs: [], owner: [], sets: [], usesWord: false, start: 0 };
  const setIds = new Map<string, number>();
  let bit = 0;
  let base = 0;
  const node = (kind: number, arg: number, next: number, outs: number[] = []): number => {
    // Checked as nodes are made, so `x{99999}` stops at the limit instead of first building 99,999 copies.
    if (nfa.kind.length - base >= MAX_NODES) throw new Unsupported(`expands to more than ${MAX_NODES} automaton nodes`);
    nfa.kind.push(kind);
    nfa.arg.push(arg);
    nfa.next.push(next);
    nfa.outs.push(outs);
    nfa.owner.push(bit);
    return nfa.kind.length - 1;
  };
  const build = (ast: Ast, next: number): number => {
    switch (ast.t) {
      case "set": {
        const key = ast.ranges.join(",");
        if (!setIds.has(key)) setIds.set(key, nfa.sets.push(ast.ranges) - 1);
        return node(CHAR, setIds.get(key) as number, next);
      }
      case "assert":
        nfa.usesWord ||= ast.a === "b" || ast.a === "B";
        return node(ASSERT, ASSERTIONS.indexOf(ast.a), next);
      case "cat":
        return ast.items.reduceRight((start, item) => build(item, start), next);
      case "alt":
        return node(
          SPLIT,
          0,
          -1,
          ast.items.map((item) => build(item, next)),
        );
      case "rep": {
        // Copies of nothing are nothing, however many: `(?:){99999999}` must not loop that often.
        if (isEmpty(ast.item)) return next;
        let start = next;
        if (ast.max === Infinity) {
          start = node(SPLIT, 0, -1, [-1, next]);
          (nfa.outs[start] as number[])[0] = build(ast.item, start);
        }
        // x{0,3} as (x(x(x)?)?)?: every skip leaves the whole repetition, so states hold fewer forks.
        for (let i = ast.min; i < ast.max && ast.max < Infinity; i++) {
          start = node(SPLIT, 0, -1, [build(ast.item, start), next]);
        }
        for (let i = 0; i < ast.min; i++) start = build(ast.item, start);
        return start;
      }
    }
  };
  const starts: number[] = [];
  for (const [index, pattern] of patterns.entries()) {
    try {
      const ast = parsePattern(pattern);
      bit = 1 << index;
      base = nfa.kind.length;
      starts.push(build(ast, node(MATCH, 0, -1)));
    } catch (err) {
      if (err instanceof Unsupported) return { index, problem: err.what };
      throw err;
    }
  }
  bit = 0;
  base = nfa.kind.length;
  nfa.start = node(SPLIT, 0, -1, starts);
  return nfa;
}
