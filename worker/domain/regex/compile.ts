/**
 * Regular expressions that cannot backtrack, for the board search on the server and in the browser. Patterns
 * (JavaScript syntax, case-insensitive) become one Thompson automaton (./nfa.ts), and that a deterministic
 * one (./dfa.ts), built in full before any text is seen and within a work budget. Testing a text then costs
 * one table lookup per code unit, whatever the patterns and however many: `(.|.)*!` or `.{0,99}.{0,99}.{0,99}!`
 * cost what `a` costs. Patterns whose automaton would not fit the budget are refused, never run slowly.
 */
import { determinize, run, type Budget } from "./dfa";
import { thompson } from "./nfa";

export type { Budget } from "./dfa";
export { MAX_NODES } from "./nfa";

/** Tests a text against every pattern at once: bit `i` of the answer is set when pattern `i` matches. */
export type MultiMatcher = (text: string) => number;

/** A pattern that cannot be compiled (`index`), or (index -1) patterns that together need too much work. */
export type Compiled =
  | { ok: true; test: MultiMatcher; states: number }
  | { ok: false; index: number; problem: string }
  | { ok: false; index: -1; problem: "budget" | "passes" };

/** Patterns one automaton holds: their matches are bits of a 32-bit integer. */
const MAX_PATTERNS = 31;

/**
 * Compiles patterns that `new RegExp(pattern, "i")` accepts into one linear-time test of lower-cased text, or
 * says which pattern cannot be compiled, or that together they need more work than the budget allows.
 */
export function compilePatterns(patterns: readonly string[], budget: Budget): Compiled {
  if (patterns.length > MAX_PATTERNS) throw new RangeError(`at most ${MAX_PATTERNS} patterns`);
  const nfa = thompson(patterns);
  if (!("start" in nfa)) return { ok: false, ...nfa };
  const all = patterns.length === MAX_PATTERNS ? -1 >>> 1 : (1 << patterns.length) - 1;
  const dfa = determinize(nfa, all, budget);
  if (!dfa) return { ok: false, index: -1, problem: "budget" };
  return { ok: true, test: (text) => run(dfa, text), states: dfa.states };
}

/** Work a try at adding a pattern to an automaton may spend: joining only pays when it is cheap. */
const JOIN_WORK = 40_000;

/**
 * Patterns packed greedily, in order, into at most `passes` automata, each holding as many as compile together:
 * a single automaton's states can be the product of its patterns' (`qwen2.5-7b` and a few more ids like it), so
 * patterns that blow up together get a pass each instead.
 */
export function compileGroups(patterns: readonly string[], budget: Budget, passes: number): Compiled {
  const groups: { from: number; test: MultiMatcher; states: number }[] = [];
  const attempt = (from: number, to: number, limit: number): Compiled => {
    const trial = { work: Math.min(budget.work, limit) };
    const start = trial.work;
    const compiled = compilePatterns(patterns.slice(from, to), trial);
    budget.work -= start - trial.work;
    return compiled.ok || compiled.index < 0 ? compiled : { ...compiled, index: compiled.index + from };
  };
  for (let i = 0; i < patterns.length; i++) {
    const group = groups[groups.length - 1];
    const joined = group ? attempt(group.from, i + 1, JOIN_WORK) : null;
    if (group && joined?.ok) {
      groups[groups.length - 1] = { ...joined, from: group.from };
      continue;
    }
    if (groups.length === passes) return { ok: false, index: -1, problem: "passes" };
    const alone = attempt(i, i + 1, Infinity);
    if (!alone.ok) return alone;
    groups.push({ ...alone, from: i });
  }
  const states = groups.reduce((sum, g) => sum + g.states, 0);
  if (groups.length === 1) return { ok: true, test: (groups[0] as (typeof groups)[number]).test, states };
  const test = (text: string): number => {
    let mask = 0;
    for (const g of groups) mask |= g.test(text) << g.from;
    return mask;
  };
  return { ok: true, test, states };
}
