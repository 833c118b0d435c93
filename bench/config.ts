/** Run settings; every one can be overridden from the environment for a quick or a longer run. */

export interface BenchConfig {
  /** Board sizes (ranked evaluations): the real board first, then synthetic ones. */
  sizes: number[];
  /** Seconds per loaded run. */
  seconds: number;
  /** Baseline/Podium pairs per route, interleaved. */
  rounds: number;
  connections: number;
  /** Sequential requests per unloaded-latency probe. */
  probes: number;
  /** Rows on the board the island filters. */
  islandRows: number;
  /** Skip Chromium (LCP, Lighthouse, island). */
  browser: boolean;
  /** Skip the commands run in child processes: heap.ts, d1-costs.ts, island-data.ts (BENCH_STEPS=0). */
  steps: boolean;
}

const num = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};

/** The settings of `npm run bench`, with BENCH_* environment overrides. */
export function benchConfig(realSize: number): BenchConfig {
  const sizes = process.env.BENCH_SIZES?.split(",")
    .map(Number)
    .filter((n) => n > 0) ?? [realSize, 20_000, 100_000];
  return {
    sizes,
    seconds: num("BENCH_SECONDS", 4),
    rounds: num("BENCH_ROUNDS", 2),
    connections: num("BENCH_CONNECTIONS", 10),
    probes: num("BENCH_PROBES", 60),
    islandRows: num("BENCH_ISLAND_ROWS", 10_000),
    browser: process.env.BENCH_BROWSER !== "0",
    steps: process.env.BENCH_STEPS !== "0",
  };
}
