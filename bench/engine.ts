/**
 * The board engine alone: `applyBoard` (the same code the island runs on every keystroke) over the island's
 * own dataset, timed in Node, to tell the filter's cost from the rendering's in the browser figures; and, run as
 * a script, the columnar engine against the row-object one it replaced, same views, same rows, one run:
 *
 *   npx tsx bench/engine.ts        (BENCH_SIZES=4576,100000 by default)
 */
import { pathToFileURL } from "node:url";
import { demoData } from "../scripts/app-server";
import { applyBoard } from "../worker/domain/board/engine";
import { boardQueryFromParams } from "../worker/domain/board/params";
import { boardOf } from "../worker/domain/board/snapshot";
import type { SeedData } from "../worker/domain/seed";
import { applyBoard as legacyApplyBoard } from "./legacy/engine";
import { compactRows } from "./search-cpu";
import { syntheticBoard } from "./synthetic";
import { decodeSlice, inflate, SLICE_FORMAT } from "../worker/domain/board/slice";

export interface EngineResult {
  rows: number;
  /** Median ms per `applyBoard` call over the searches typed in the browser, warm. */
  median: number;
  bySearch: Record<string, number>;
}

const SEARCHES = ["m", "mi", "mis", "mist", "mistr", "mistra", "mistral", "llama", "qwen", "7b"];

/**
 * Loads the slice the island loads (worker/routes/api/leaderboard.ts SLICES_PATH, of the current board version;
 * bench/ does not import routes/) from the app at `origin` and times applyBoard on it.
 */
export async function measureEngine(origin: string): Promise<EngineResult> {
  const { version } = (await (await fetch(`${origin}/api/v1/leaderboard?limit=1`)).json()) as { version: string };
  const res = await fetch(`${origin}/api/v1/leaderboard/slices/v${SLICE_FORMAT}/${encodeURIComponent(version)}`);
  const rows = decodeSlice(await inflate(await res.blob()));
  const bySearch: Record<string, number> = {};
  for (const search of SEARCHES) {
    const parsed = boardQueryFromParams(new URLSearchParams({ search }));
    if (!parsed.ok) throw new Error(`${parsed.parameter}: ${parsed.message}`);
    for (let i = 0; i < 5; i++) applyBoard(rows, parsed.query);
    const start = performance.now();
    for (let i = 0; i < 20; i++) applyBoard(rows, parsed.query);
    bySearch[search] = (performance.now() - start) / 20;
  }
  const sorted = Object.values(bySearch).sort((a, b) => a - b);
  return { rows: rows.length, median: sorted[Math.floor(sorted.length / 2)]!, bySearch };
}

/** Views compared between the engines: the front view, searches, sorts, filters, pins and a deep page. */
const COMPARED = [
  "",
  "search=llama",
  "search=mistral.*7b",
  "search=qwen @architecture:qwen2",
  "sort=model&order=asc",
  "sort=ifeval&scores=raw",
  "sort=upload_date",
  "types=chat&rank=dynamic",
  "average=visible&benchmarks=ifeval&benchmarks=bbh",
  "hide=merged&hide=flagged&params_min=7&params_max=14",
  "offset=5000",
];

function median(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** Rounds in which the two engines take turns on a view: a burst of load then slows both, not one. */
const ROUNDS = 7;

/** Per-call warm ms of `run`, `times` calls after two untimed ones. */
function timings(run: () => unknown, times: number): number[] {
  run();
  run();
  const out: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    run();
    out.push(performance.now() - start);
  }
  return out;
}

/** Median warm ms of `run` over `times` calls after two untimed ones. */
function timed(run: () => unknown, times: number): number {
  return median(timings(run, times));
}

/** Medians of the two engines on one view over ROUNDS alternating rounds of `times` calls each. */
function interleaved(old: () => unknown, now: () => unknown, times: number): [number, number] {
  const a: number[] = [];
  const b: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    a.push(...timings(old, times));
    b.push(...timings(now, times));
  }
  return [median(a), median(b)];
}

/**
 * The same views on the same rows through the row-object engine of before issue 15 (bench/legacy/) and the
 * columnar one, in one run: first-query ms (per-board caches built) and warm medians over alternating rounds, as a
 * markdown table.
 */
export function compareEngines(real: SeedData, sizes: readonly number[]): string {
  const lines = [
    "| rows | view | row objects, warm ms | columns, warm ms | columns ÷ rows |",
    "|---:|---|---:|---:|---:|",
  ];
  for (const size of sizes) {
    const rows = compactRows(syntheticBoard(real, size));
    const board = boardOf(rows);
    const query = (q: string) => {
      const read = boardQueryFromParams(new URLSearchParams(q));
      if (!read.ok) throw new Error(`${read.parameter}: ${read.message}`);
      return read.query;
    };
    const firstOld = timed(() => legacyApplyBoard([...rows], query("")), 1);
    const firstNew = timed(() => applyBoard(boardOf(rows), query("")), 1);
    lines.push(
      `| ${size.toLocaleString("en-US")} | first query on a new board (caches built; columns include the encode) | ` +
        `${firstOld.toFixed(1)} | ${firstNew.toFixed(1)} | ${(firstNew / firstOld).toFixed(2)} |`,
    );
    for (const q of COMPARED) {
      const [old, now] = interleaved(
        () => legacyApplyBoard(rows, query(q)),
        () => applyBoard(board, query(q)),
        size > 20_000 ? 3 : 10,
      );
      lines.push(
        `| ${size.toLocaleString("en-US")} | \`${q || "top 100"}\` | ${old.toFixed(2)} | ${now.toFixed(2)} | ${(now / old).toFixed(2)} |`,
      );
      process.stderr.write(`${lines.at(-1)}\n`);
    }
    // Typing: every call a search not asked just before, so no per-search work is reused between calls.
    const typed = SEARCHES.map((search) => query(new URLSearchParams({ search }).toString()));
    let oldKey = 0;
    let newKey = 0;
    const [old, now] = interleaved(
      () => legacyApplyBoard(rows, typed[oldKey++ % typed.length]!),
      () => applyBoard(board, typed[newKey++ % typed.length]!),
      size > 20_000 ? 3 : 10,
    );
    lines.push(
      `| ${size.toLocaleString("en-US")} | typing (\`search=\` m, mi, … mistral, llama, qwen, 7b in turn) | ` +
        `${old.toFixed(2)} | ${now.toFixed(2)} | ${(now / old).toFixed(2)} |`,
    );
    process.stderr.write(`${lines.at(-1)}\n`);
  }
  return lines.join("\n");
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const sizes = process.env.BENCH_SIZES?.split(",").map(Number) ?? [4576, 100_000];
  process.stdout.write(
    `Measured ${new Date().toISOString()}, Node ${process.versions.node}.\n\n${compareEngines(demoData(), sizes)}\n`,
  );
}
