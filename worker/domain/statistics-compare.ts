/**
 * Two models side by side (../shared/reference/statistics.md): the difference on a benchmark or the average,
 * its 95% interval, whether it counts, and a page's plain sentence for the whole pair. Pure.
 *
 * The sentence puts the most decisive difference first (larger |d|/SE_d, then the given order); each clause lists
 * its benchmarks in that order and stands where its most decisive one would; the ties close it.
 */
import { Z95 } from "./statistics";

export type Verdict = "a_ahead" | "b_ahead" | "tied";

export interface Comparison {
  /** `a − b`. */
  difference: number;
  /** `sqrt(SE_a² + SE_b²)`. */
  se: number;
  /** `1.96 · se`, the half-width of the difference's 95% interval. */
  ci95: number;
  verdict: Verdict;
}

/** `a − b` and its verdict: it counts when `|d| > 1.96·sqrt(SE_a² + SE_b²)`, the rank ranges' own expression. */
export function compare(a: { value: number; se: number }, b: { value: number; se: number }): Comparison {
  const difference = a.value - b.value;
  const se = Math.sqrt(a.se * a.se + b.se * b.se);
  const ci95 = Z95 * se;
  const verdict: Verdict = difference > ci95 ? "a_ahead" : -difference > ci95 ? "b_ahead" : "tied";
  return { difference, se, ci95, verdict };
}

/** `A`, `A and B`, `A, B and C`. */
function list(names: readonly string[]): string {
  return names.length === 1 ? (names[0] as string) : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

/** How decisive a difference is: its distance in units of its SE (infinite for an exact, nonzero gap). */
function margin(c: Comparison): number {
  return c.se === 0 ? (c.difference === 0 ? 0 : Number.POSITIVE_INFINITY) : Math.abs(c.difference) / c.se;
}

/** Model a against b in words ("behind on GPQA and BBH, ahead on IFEval, tied on the rest"), deterministically. */
export function describeComparison(items: ReadonlyArray<{ name: string; comparison: Comparison }>): string {
  if (items.length === 0) return "no benchmark in common";
  const decided = items
    .map((item, order) => ({ ...item, order, margin: margin(item.comparison) }))
    .filter((item) => item.comparison.verdict !== "tied")
    .sort((x, y) => y.margin - x.margin || x.order - y.order);
  if (decided.length === 0) return "tied on every benchmark";
  const clauses = new Map<string, string[]>();
  for (const item of decided) {
    const word = item.comparison.verdict === "a_ahead" ? "ahead" : "behind";
    clauses.set(word, [...(clauses.get(word) ?? []), item.name]);
  }
  if (clauses.size === 1 && decided.length === items.length) return `${[...clauses.keys()][0]} on every benchmark`;
  const parts = [...clauses].map(([word, names]) => `${word} on ${list(names)}`);
  if (decided.length < items.length) parts.push("tied on the rest");
  return parts.join(", ");
}
