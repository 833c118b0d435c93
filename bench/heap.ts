/**
 * The memory the board read model holds in an isolate: the columnar board (domain/board/snapshot.ts) an isolate
 * decodes from its snapshot, beside the row objects the store loaded before it (one `CompactRow` per evaluation),
 * then with the query engine's per-board caches after a few typical queries; and the snapshot's size, raw and
 * gzipped; and the publisher's build of the snapshot from D1 (use-cases/publish.ts), its peak before (the whole board
 * in one query, then encoded) and after (pages of 5,000 rows encoded as they come), against the bench's own
 * Miniflare D1 seeded with the synthetic board (its answers are deserialized in this process, as the Durable
 * Object's are in its isolate). Memory is V8's `heapUsed` plus its ArrayBuffers (the snapshot's columns live in one) after a full GC,
 * measured in Node (same V8 as workerd). Boards up to 20,000 rows are seeded into Miniflare's D1 exactly as the
 * bench seeds them and read back with `loadCompactBoard`; larger ones are the same synthetic rows built in memory
 * as bench/search-cpu.ts `compactRows` does (seeding 50,000 rows at once failed on a loaded machine, "other side
 * closed", and a million would take many minutes): the snapshot interns the same strings either way.
 *
 *   node --expose-gc --max-old-space-size=6144 --import tsx bench/heap.ts
 *   (BENCH_SIZES=4576,100000,1000000 by default; 1,000,000 rows need about 3 GB for the row objects compared;
 *   BUILD_SIZES=4576,100000 by default for the publisher's build: seeding D1 with a million rows takes too long)
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getHeapStatistics } from "node:v8";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { demoData, startAppServer } from "../scripts/app-server";
import { applyBoard } from "../worker/domain/board/engine";
import { readBoardView } from "../worker/domain/board/params";
import type { CompactRow } from "../worker/domain/board/query";
import { boardRows, decodeSnapshot, encodeSnapshot, rowAt } from "../worker/domain/board/snapshot";
import type { SeedData } from "../worker/domain/seed";
import { database } from "../worker/store/db";
import { boardPages, loadBoardRows, loadCompactBoard } from "../worker/store/read/board";
import { consistentBoard } from "../worker/use-cases/publish";
import { compactRows } from "./search-cpu";
import { writeStepResult } from "./step";
import { syntheticBoard } from "./synthetic";

const collect = (globalThis as { gc?: () => void }).gc;
if (!collect) throw new Error("run with node --expose-gc (see the header)");

function memoryAfterGc(): number {
  for (let i = 0; i < 3; i++) collect!();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

const MIB = 2 ** 20;
// One D1 batch of seed data much past this fails under Miniflare ("other side closed" in seedIfEmpty at 100,000
// rows), so a larger board is loaded in parts from boards of at most this many rows, one after another.
const SEED_LIMIT = 50_000;
const THROUGH_D1 = 20_000;
const real = demoData();
const sizes = process.env.BENCH_SIZES?.split(",")
  .map(Number)
  .filter((n) => n > 0) ?? [real.evaluations.length, 100_000, 1_000_000];

/** The rows of `data` as the store loads them, through D1 from a server that is stopped again. */
async function loadThroughD1(data: SeedData): Promise<CompactRow[]> {
  const server = await startAppServer({ data });
  try {
    return boardRows(await loadCompactBoard(database(server.db)));
  } finally {
    await server.stop();
  }
}

/** `data` in parts of at most SEED_LIMIT evaluations, each with the models it names. */
function parts(data: SeedData): SeedData[] {
  const modelsById = new Map(data.models.map((m) => [m.id, m]));
  const out: SeedData[] = [];
  for (let i = 0; i < data.evaluations.length; i += SEED_LIMIT) {
    const evaluations = data.evaluations.slice(i, i + SEED_LIMIT);
    const ids = new Set(evaluations.map((e) => e.modelId));
    out.push({ evaluations, models: [...ids].map((id) => modelsById.get(id)!) });
  }
  return out;
}

async function rowsOf(size: number): Promise<CompactRow[]> {
  const data = syntheticBoard(real, size);
  if (size > THROUGH_D1) return compactRows(data);
  const rows: CompactRow[] = [];
  for (const part of parts(data)) rows.push(...(await loadThroughD1(part)));
  return rows;
}

/** What a few visitors ask of a fresh board: the front view, a search, another sort, a comparison's pins. */
const QUERIES = ["", "search=llama&sort=ifeval", "sort=model&order=asc", "types=chat&rank=dynamic&average=visible"];

/**
 * In a fresh process, as a fresh isolate: memory before and after decoding the snapshot in `file`, and after the
 * queries. Another process, because the row objects just freed here would blur a delta of a few MiB.
 */
function measureDecoded(file: string): { loaded: number; cached: number } {
  const before = memoryAfterGc();
  const read = readFileSync(file);
  // The bytes as read, not a copy: a freed copy's memory returns to the process only some time after a GC.
  const board = decodeSnapshot(new Uint8Array(read.buffer, read.byteOffset, read.byteLength));
  const loaded = memoryAfterGc() - before;
  for (const q of QUERIES) applyBoard(board, readBoardView(new URLSearchParams(q)).query);
  applyBoard(board, { ...readBoardView(new URLSearchParams()).query, pinned: [rowAt(board, board.length - 1).id] });
  return { loaded, cached: memoryAfterGc() - before };
}

/** V8's heap in use plus its external memory (the ArrayBuffers). */
function heapNow(): number {
  const h = getHeapStatistics();
  return h.used_heap_size + h.external_memory;
}

/** Live memory: after a full GC and a pause (V8 frees a collected ArrayBuffer's memory after the GC returns). */
async function settledHeap(): Promise<number> {
  collect!();
  await new Promise((resolve) => setTimeout(resolve, 50));
  collect!();
  return heapNow();
}

/**
 * The most live memory `build` held above what was live before it, at the probes it awaits between its steps and
 * once it is done (so the answer it returns counts). A probe sees what survives a GC there, not what a synchronous
 * step holds for a moment inside itself (D1's answer while it becomes row objects, the sections and the packed
 * buffer while a snapshot is assembled): those are bounded beside the figures in BENCHMARKS.md.
 */
async function peakDuring(build: (probe: () => Promise<void>) => Promise<unknown>): Promise<number> {
  const base = await settledHeap();
  let peak = base;
  const probe = async () => {
    peak = Math.max(peak, await settledHeap());
  };
  const kept = await build(probe);
  await probe();
  if (kept === undefined) throw new Error("a build answers what it built, so the probe after it counts it");
  return peak - base;
}

const buildSizes = process.env.BUILD_SIZES?.split(",")
  .map(Number)
  .filter((n) => n > 0) ?? [real.evaluations.length, 100_000];

export interface BoardHeap {
  size: number;
  /** The row objects the store loaded before the columnar board. */
  rowObjects: number;
  /** The columnar board decoded from its snapshot, in a fresh process. */
  columnar: number;
  /** The same with the query engine's caches after a few typical queries. */
  withCaches: number;
  snapshotBytes: number;
  gzippedBytes: number;
}

export interface BuildHeap {
  size: number;
  /** Peak of the whole board read in one query, then encoded. */
  oneQuery: number;
  /** Peak of the publisher's build, pages encoded as they are read. */
  paged: number;
  pages: number;
  snapshotBytes: number;
}

export interface HeapResults {
  measuredAt: string;
  node: string;
  boards: BoardHeap[];
  builds: BuildHeap[];
  markdown: string;
}

/** The publisher's build at `size` rows: the one-query read then encoded, and the paged build, on the same D1. */
async function measureBuild(size: number): Promise<BuildHeap> {
  const server = await startAppServer({ data: syntheticBoard(real, size) });
  try {
    const db = database(server.db);
    let length = 0;
    const oneQuery = await peakDuring(async (probe) => {
      const rows = await loadBoardRows(db);
      await probe();
      const bytes = encodeSnapshot(rows);
      await probe();
      if (rows.length !== size) throw new Error(`read ${rows.length} rows, seeded ${size}`);
      length = bytes.length;
      return bytes;
    });
    let pages = 0;
    const paged = await peakDuring(async (probe) => {
      const built = await consistentBoard(db, async function* (from) {
        for await (const page of boardPages(from)) {
          pages++;
          await probe();
          yield page;
        }
      });
      if (built.bytes.length !== length) throw new Error("the paged build's snapshot is not the one-query build's");
      return built.bytes;
    });
    return { size, oneQuery, paged, pages, snapshotBytes: length };
  } finally {
    await server.stop();
  }
}

const mib = (bytes: number) => `${(bytes / MIB).toFixed(1)} MiB`;
const perRow = (bytes: number, rows: number) => `${(bytes / rows).toFixed(0)} B`;

export function heapMarkdown(r: Omit<HeapResults, "markdown">): string {
  const n = (size: number) => size.toLocaleString("en-US");
  return [
    `Measured ${r.measuredAt}, Node ${r.node}.`,
    "",
    "| board rows | row objects (before) | columnar board | per row | with the engine's caches (5 queries) | snapshot | gzipped |",
    "|---:|---:|---:|---:|---:|---:|---:|",
    ...r.boards.map(
      (b) =>
        `| ${n(b.size)} | ${mib(b.rowObjects)} | ${mib(b.columnar)} | ${perRow(b.columnar, b.size)} | ${mib(b.withCaches)} | ` +
        `${mib(b.snapshotBytes)} | ${mib(b.gzippedBytes)} |`,
    ),
    "",
    "| board rows | publisher's build, before: one query, then encoded | after: pages of 5,000 encoded as read | snapshot |",
    "|---:|---:|---:|---:|",
    ...r.builds.map(
      (b) => `| ${n(b.size)} | ${mib(b.oneQuery)} | ${mib(b.paged)} (${b.pages} pages) | ${mib(b.snapshotBytes)} |`,
    ),
  ].join("\n");
}

async function main(): Promise<void> {
  const boards: BoardHeap[] = [];
  const dir = mkdtempSync(join(tmpdir(), "podium-heap-"));
  // Miniflare's own modules load on the first server: not the board's memory.
  await loadThroughD1({ models: real.models.slice(0, 1), evaluations: [] });
  for (const size of sizes) {
    const start = memoryAfterGc();
    let rows: CompactRow[] = await rowsOf(size);
    if (rows.length !== size) throw new Error(`loaded ${rows.length} rows, seeded ${size}`);
    const rowObjects = memoryAfterGc() - start;
    const bytes = encodeSnapshot(rows);
    rows = [];
    const file = join(dir, `${size}.snapshot`);
    writeFileSync(file, bytes);
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), file], {
      encoding: "utf8",
    });
    if (child.status !== 0) throw new Error(child.stderr);
    const { loaded, cached } = JSON.parse(child.stdout) as { loaded: number; cached: number };
    boards.push({
      size,
      rowObjects,
      columnar: loaded,
      withCaches: cached,
      snapshotBytes: bytes.length,
      gzippedBytes: gzipSync(bytes).length,
    });
    process.stderr.write(`heap: ${JSON.stringify(boards.at(-1))}\n`);
  }
  rmSync(dir, { recursive: true });
  const builds: BuildHeap[] = [];
  for (const size of buildSizes) {
    builds.push(await measureBuild(size));
    process.stderr.write(`heap: ${JSON.stringify(builds.at(-1))}\n`);
  }
  const measured = { measuredAt: new Date().toISOString(), node: process.versions.node, boards, builds };
  const markdown = heapMarkdown(measured);
  writeStepResult({ ...measured, markdown } satisfies HeapResults);
  process.stdout.write(`${markdown}\n`);
}

const file = process.argv[2];
if (file) process.stdout.write(JSON.stringify(measureDecoded(file)));
else await main();
