/**
 * Synthetic boards of any size with the real board's distributions: every real row is kept, and the rest are
 * real rows sampled with a seeded PRNG, given a new model id and scores nudged by a little noise. The same seed
 * always gives the same board, so runs compare.
 */
import { BENCHMARK_KEYS } from "../worker/domain/benchmarks";
import type { SeedData, SeedEvaluation, SeedModel } from "../worker/domain/seed";

/** mulberry32: small, fast, good enough to sample rows; deterministic for a given seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Returns a board of exactly `size` ranked evaluations (at least the real ones), one new model per copy. */
export function syntheticBoard(real: SeedData, size: number, seed = 8): SeedData {
  if (size <= real.evaluations.length) return real;
  const random = prng(seed);
  const modelsById = new Map(real.models.map((m) => [m.id, m]));
  const models: SeedModel[] = [...real.models];
  const evaluations: SeedEvaluation[] = [...real.evaluations];
  for (let i = 0; evaluations.length < size; i++) {
    const source = real.evaluations[Math.floor(random() * real.evaluations.length)]!;
    const sourceModel = modelsById.get(source.modelId)!;
    const modelId = `${source.modelId}-syn${i}`;
    // Up to ±2 points on the normalized scale, the raw value moved by the same share of its range.
    const scores = { ...source.scores };
    for (const key of BENCHMARK_KEYS) {
      const delta = (random() - 0.5) * 4;
      const { raw, normalized } = source.scores[key];
      scores[key] = { raw: clamp(raw + delta / 100, 0, 1), normalized: clamp(normalized + delta, 0, 100) };
    }
    const average = BENCHMARK_KEYS.reduce((sum, key) => sum + scores[key].normalized, 0) / BENCHMARK_KEYS.length;
    models.push({ ...sourceModel, id: modelId, likes: Math.floor(sourceModel.likes * random()) });
    evaluations.push({ ...source, seedId: `${source.seedId}-syn${i}`, modelId, scores, average });
  }
  return { models, evaluations };
}
