/** Number formatting as the old leaderboard showed it. */

/** Two decimals (86.38); an en dash for a missing value. */
export function score(value: number | null | undefined): string {
  return value == null || !Number.isFinite(value) ? "–" : value.toFixed(2);
}

/** Parameters in billions, trimmed (7.24, 70, 0.5); an en dash when unknown. */
export function params(value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return "–";
  return value >= 100 ? value.toFixed(0) : String(Number(value.toFixed(2)));
}

/** Kilograms of CO₂ with two decimals; an en dash for the "unknown" marker −1. */
export function co2(value: number | null | undefined): string {
  return value == null || value < 0 ? "–" : value.toFixed(2);
}

// One formatter for every call: `toLocaleString("en-US")` resolves the locale and builds a new one each time,
// milliseconds per board render on a phone.
const THOUSANDS = new Intl.NumberFormat("en-US");

/** Thousands separators (4,576). */
export function count(value: number): string {
  return THOUSANDS.format(value);
}

/** The half-width of a 95% interval as shown beside its score (±1.32); empty without one. */
export function plusMinus(ci95: number | null | undefined): string {
  return ci95 == null || !Number.isFinite(ci95) ? "" : `±${ci95.toFixed(2)}`;
}

/** A rank range as shown beside its rank (3–12); empty without one. */
export function rankSpan(range: readonly [number, number] | null | undefined): string {
  return range ? `${count(range[0])}–${count(range[1])}` : "";
}
