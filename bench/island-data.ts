/**
 * The island's data against board size: the slice's bytes (raw, gzip -9), and what the island pays before its
 * first answer (decode + the first `applyBoard`), in Node and in Chromium on the phone profile (CPU throttled 4×,
 * as bench/browser.ts), against what one view costs in API mode. The baseline in the same run is the island's
 * path before the slice decoded straight into columns: the same board as row objects, then encoded and decoded
 * as a snapshot (`boardOf`), timed on top of the decode. Boards above the real one are grown from it as
 * bench/synthetic.ts grows them (sampled rows under new model ids, scores nudged by up to ±2 points).
 *
 *   npx tsx bench/island-data.ts [sizes…]     (default 4576 20000 100000)
 */
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { launchBrowser } from "../test/support/browser";
import { startAppServer } from "../scripts/app-server";
import { BENCHMARK_KEYS } from "../worker/domain/benchmarks";
import { applyBoard } from "../worker/domain/board/engine";
import { boardOf, boardRows } from "../worker/domain/board/snapshot";
import { DEFAULT_BOARD_QUERY, type CompactRow } from "../worker/domain/board/query";
import { decodeSlice, encodeSlice, inflate, SLICE_FORMAT, withRest } from "../worker/domain/board/slice";
import type { SliceRest } from "../worker/domain/board/slice-views";
import { seededErrorArrays } from "../worker/domain/statistics";
import { writeStepResult } from "./step";
import { prng } from "./synthetic";

export interface IslandDataRow {
  size: number;
  bytes: number;
  gzipped: number;
  node: NodeTimes;
  /** Milliseconds on the phone profile, this path and the old one; null where the board was not measured there. */
  phone: { now: number | null; old: number | null };
}

export interface IslandDataResults {
  rows: IslandDataRow[];
  /** One API-mode view of 100 rows, gzip -9. */
  viewBytes: number;
  markdown: string;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

function grown(real: readonly CompactRow[], size: number): CompactRow[] {
  const random = prng(8);
  const rows = [...real];
  for (let i = 0; rows.length < size; i++) {
    const source = real[Math.floor(random() * real.length)] as CompactRow;
    const raw = source.raw.map((v) => (v === null ? null : clamp(v + (random() - 0.5) * 0.04, 0, 1)));
    const normalized = source.normalized.map((v, b) =>
      v === null ? null : clamp(v + ((raw[b] ?? 0) - (source.raw[b] ?? 0)) * 100, 0, 100),
    );
    const average = normalized.every((v) => v !== null)
      ? (normalized as number[]).reduce((a, b) => a + b, 0) / BENCHMARK_KEYS.length
      : null;
    rows.push({
      ...source,
      id: `${source.id}-syn${i}`,
      model: `${source.model}-syn${i}`,
      likes: Math.floor(source.likes * random()),
      raw,
      normalized,
      average,
      ...seededErrorArrays(raw),
    });
  }
  return rows;
}

/** What the page's bundle below puts on `globalThis.island`. */
interface PhoneIsland {
  decodeSlice: (b: Uint8Array) => unknown;
  applyBoard: (board: unknown, query: unknown) => unknown;
  boardOf: (rows: unknown) => unknown;
  boardRows: (board: unknown) => unknown;
  DEFAULT_BOARD_QUERY: object;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

export interface NodeTimes {
  decode: number;
  viaRows: number;
  first: number;
}

function timeNode(bytes: Uint8Array): NodeTimes {
  const decode: number[] = [];
  const viaRows: number[] = [];
  const first: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const board = decodeSlice(bytes);
    const t1 = performance.now();
    boardOf(boardRows(board));
    const t2 = performance.now();
    applyBoard(board, { ...DEFAULT_BOARD_QUERY, search: "qwen" });
    decode.push(t1 - t0);
    viaRows.push(t2 - t1);
    first.push(performance.now() - t2);
  }
  return { decode: median(decode), viaRows: median(viaRows), first: median(first) };
}

async function main() {
  const sizes = process.argv.slice(2).map(Number);
  const server = await startAppServer();
  let real: CompactRow[];
  let viewBytes: number;
  try {
    const { version } = (await (await fetch(`${server.url}/api/v1/leaderboard?limit=1`)).json()) as { version: string };
    const slice = `${server.url}/api/v1/leaderboard/slices/v${SLICE_FORMAT}/${encodeURIComponent(version)}`;
    const rest = (await (await fetch(`${slice}/rest`)).json()) as SliceRest;
    real = boardRows(withRest(decodeSlice(await inflate(await (await fetch(slice)).blob())), rest));
    const view = await (await fetch(`${server.url}/api/v1/leaderboard/island?search=qwen`)).arrayBuffer();
    viewBytes = gzipSync(new Uint8Array(view), { level: 9 }).length;
  } finally {
    await server.stop();
  }

  const bundle = await build({
    stdin: {
      contents:
        'import { decodeSlice } from "./worker/domain/board/slice"; import { applyBoard } from "./worker/domain/board/engine";' +
        'import { boardOf, boardRows } from "./worker/domain/board/snapshot";' +
        'import { DEFAULT_BOARD_QUERY } from "./worker/domain/board/query";' +
        "globalThis.island = { decodeSlice, applyBoard, boardOf, boardRows, DEFAULT_BOARD_QUERY };",
      resolveDir: process.cwd(),
      loader: "ts",
    },
    bundle: true,
    format: "iife",
    write: false,
    minify: true,
  });
  const browser = await launchBrowser();
  const measured: IslandDataRow[] = [];
  const lines: string[] = [
    "| rows | slice bytes | gzip -9 | decode (Node) | + rows and boardOf, the old path (Node) | first applyBoard (Node) | " +
      "decode + first applyBoard, phone 4× CPU | old path, phone | new ÷ old, phone |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  try {
    for (const size of sizes.length ? sizes : [4576, 20000, 100000]) {
      const bytes = encodeSlice(grown(real, size));
      const gz = gzipSync(bytes, { level: 9 }).length;
      const node = timeNode(bytes);
      const page = await (
        await browser.newContext({ viewport: { width: 412, height: 823 }, isMobile: true })
      ).newPage();
      const cdp = await page.context().newCDPSession(page);
      await page.addScriptTag({ content: bundle.outputFiles[0]?.text ?? "" });
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
      // A board too large to hand to the page in one message is not measured there ("–").
      const phone = (await page
        .evaluate((b64: string) => {
          const island = (globalThis as unknown as { island: PhoneIsland }).island;
          const bin = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
          const query = { ...island.DEFAULT_BOARD_QUERY, search: "qwen" };
          // New and old alternate, so load drifting over the run falls on both alike.
          const now: number[] = [];
          const old: number[] = [];
          for (let i = 0; i < 3; i++) {
            const t0 = performance.now();
            island.applyBoard(island.decodeSlice(bin), query);
            const t1 = performance.now();
            island.applyBoard(island.boardOf(island.boardRows(island.decodeSlice(bin))), query);
            now.push(t1 - t0);
            old.push(performance.now() - t1);
          }
          // No named functions in here: tsx would wrap them in a helper the page does not have.
          now.sort((a, b) => a - b);
          old.sort((a, b) => a - b);
          return { now: now[1] as number, old: old[1] as number };
        }, Buffer.from(bytes).toString("base64"))
        .catch(() => ({ now: Number.NaN, old: Number.NaN }))) as { now: number; old: number };
      await page.context().close();
      const orNull = (v: number) => (Number.isNaN(v) ? null : v);
      measured.push({
        size,
        bytes: bytes.length,
        gzipped: gz,
        node,
        phone: { now: orNull(phone.now), old: orNull(phone.old) },
      });
      const ms = (v: number) => (Number.isNaN(v) ? "–" : `${v.toFixed(0)} ms`);
      lines.push(
        `| ${size.toLocaleString("en-US")} | ${bytes.length.toLocaleString("en-US")} | ${gz.toLocaleString("en-US")} | ` +
          `${ms(node.decode)} | ${ms(node.viaRows)} | ${ms(node.first)} | ${ms(phone.now)} | ${ms(phone.old)} | ` +
          `${Number.isNaN(phone.now) ? "–" : (phone.now / phone.old).toFixed(2)} |`,
      );
    }
  } finally {
    await browser.close();
  }
  const markdown = `${lines.join("\n")}\n\nOne API-mode view (\`/api/v1/leaderboard/island?search=qwen\`, 100 rows), gzip -9: ${viewBytes.toLocaleString("en-US")} bytes`;
  writeStepResult({ rows: measured, viewBytes, markdown } satisfies IslandDataResults);
  process.stdout.write(`${markdown}\n`);
}

await main();
