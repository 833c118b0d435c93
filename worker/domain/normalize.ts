/**
 * The old leaderboard's normalization, exactly: scores are rescaled so that a random guesser gets 0 and a
 * perfect model 100, and anything below the random baseline is clipped to 0.
 */

/** max(v - baseline, 0) / (1 - baseline) × 100, for a raw value on 0–1. */
export function normalize(value: number, baseline: number): number {
  return (Math.max(value - baseline, 0) / (1 - baseline)) * 100;
}

/** The arithmetic mean; NaN for an empty list so a missing benchmark can never pass for a zero. */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

// The old leaderboard's CO₂ estimate: an 8×H100 node drawing 5.6 kW on a grid at 269.8 g CO₂/kWh.
const NODE_KW = 5.6;
const GRID_G_PER_KWH = 269.8;

/** Kilograms of CO₂ for an evaluation that ran this many seconds; −1 when the time is unknown. */
export function co2Kg(evaluationSeconds: number | null | undefined): number {
  if (evaluationSeconds == null || !Number.isFinite(evaluationSeconds) || evaluationSeconds < 0) return -1;
  return ((evaluationSeconds / 3600) * NODE_KW * GRID_G_PER_KWH) / 1000;
}
