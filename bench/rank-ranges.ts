/**
 * Rank ranges of a whole board, timed in Node: the real board (4,576 rows, SEs estimated from the seeded rows as
 * statistics.md says) and synthetic boards of 20,000 and 100,000 rows built from it, against the target of
 * under a second at 100,000; the all-pairs pass at 4,576 for scale, with a check that both agree.
 * Run alone: `npx tsx bench/rank-ranges.ts` (rewrites its section of BENCHMARKS.md; BENCH_WRITE_MD=0 prints it
 * only); `npm run bench` runs it too and judges the target.
 */
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseLeaderboardCsv, type SeedData } from "../worker/domain/seed";
import { averageError, seededErrors, Z95 } from "../worker/domain/statistics";
import { rankRanges, type RankRanges, type RankRows } from "../worker/domain/statistics-ranks";
import { writeBenchmarksSection } from "./benchmarks-md";
import { syntheticBoard } from "./synthetic";

const root = path.resolve(import.meta.dirname, "..");
export const RANK_RANGE_TARGET_MS = 1000;

/** The board's columns: each row's six-benchmark average and the SE of it, estimated from its raw values. */
export function boardRows(data: SeedData): RankRows {
  const n = data.evaluations.length;
  const rows = { averages: new Float64Array(n), ses: new Float64Array(n) };
  data.evaluations.forEach((e, i) => {
    rows.averages[i] = e.average;
    rows.ses[i] = averageError(seededErrors(e.scores).benchmarks) ?? Number.NaN;
  });
  return rows;
}

/** The definition, pair by pair: O(N²). */
function naiveRankRanges({ averages, ses }: RankRows): RankRanges {
  const n = averages.length;
  const best = new Uint32Array(n).fill(1);
  const worst = new Uint32Array(n).fill(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const si = ses[i]!;
      const sj = ses[j]!;
      if (averages[j]! - averages[i]! > Z95 * Math.sqrt(si * si + sj * sj)) {
        best[i]!++;
        worst[j]!--;
      }
    }
  }
  return { best, worst };
}

function medianMs(runs: number, f: () => unknown): number {
  f();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    f();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

const same = (x: RankRanges, y: RankRanges) =>
  x.best.every((v, i) => v === y.best[i]) && x.worst.every((v, i) => v === y.worst[i]);

export interface RankRangeTiming {
  rows: number;
  method: string;
  medianMs: number;
  runs: number;
}

/** Times both methods on the real board and the fast one on the synthetic boards; throws if they disagree. */
export function measureRankRanges(): RankRangeTiming[] {
  const real = parseLeaderboardCsv(readFileSync(path.join(root, "data/open-llm-leaderboard-v2-final.csv"), "utf8"));
  const realRows = boardRows(real);
  if (!same(rankRanges(realRows).members, naiveRankRanges(realRows)))
    throw new Error("rank ranges differ from the definition");
  const out: RankRangeTiming[] = [
    {
      rows: real.evaluations.length,
      method: "all pairs, O(N²)",
      medianMs: medianMs(5, () => naiveRankRanges(realRows)),
      runs: 5,
    },
  ];
  for (const size of [real.evaluations.length, 20_000, 100_000]) {
    const rows = size === real.evaluations.length ? realRows : boardRows(syntheticBoard(real, size));
    out.push({
      rows: size,
      method: "SE buckets, sorted sweeps",
      medianMs: medianMs(11, () => rankRanges(rows)),
      runs: 11,
    });
  }
  return out;
}

/** The timings as a Markdown table. */
export function rankRangeTable(timings: RankRangeTiming[]): string {
  const lines = ["| rows | method | median ms | runs | target |", "|---:|---|---:|---:|---|"];
  for (const t of timings) {
    const target =
      t.rows === 100_000
        ? t.medianMs < RANK_RANGE_TARGET_MS
          ? `< ${RANK_RANGE_TARGET_MS} ms: met`
          : `< ${RANK_RANGE_TARGET_MS} ms: MISSED`
        : "";
    lines.push(
      `| ${t.rows.toLocaleString("en-US")} | ${t.method} | ${t.medianMs.toFixed(1)} | ${t.runs} | ${target} |`,
    );
  }
  return lines.join("\n");
}

if (import.meta.url === pathToFileURL(path.resolve(process.argv[1] ?? "")).href) {
  const started = new Date().toISOString();
  const load = os.loadavg()[0] ?? Number.NaN;
  const run =
    `Run ${started} with \`npx tsx bench/rank-ranges.ts\` (Node ${process.versions.node}, ${os.cpus().length} cores ` +
    `1-min load ${load.toFixed(2)} at the start; other work on the machine raises it).`;
  const table = `${run}\n\n${rankRangeTable(measureRankRanges())}`;
  if (process.env.BENCH_WRITE_MD !== "0") writeBenchmarksSection("rank-ranges", table);
  process.stdout.write(`${table}\n`);
}
