/**
 * The board engine alone: `applyBoard` (the same code the island runs on every keystroke) over the island's
 * own dataset, timed in Node, to tell the filter's cost from the rendering's in the browser figures.
 */
import { applyBoard } from "../worker/domain/board/engine";
import { boardQueryFromParams } from "../worker/domain/board/params";
import { decodeSlice, inflate } from "../worker/domain/board/slice";

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
  const res = await fetch(`${origin}/api/v1/leaderboard/slices/${encodeURIComponent(version)}`);
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
