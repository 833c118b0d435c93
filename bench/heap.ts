/**
 * The V8 heap the board read model holds in an isolate today: the compact board as `loadCompactBoard` returns it
 * (one object per ranked evaluation), then with the query engine's per-board caches after one filtered query.
 * Measured in Node (same V8 as workerd) as `heapUsed` after a full GC, before and after loading, on boards seeded
 * into Miniflare's D1 exactly as the bench seeds them.
 *
 *   node --expose-gc --import tsx bench/heap.ts        (BENCH_SIZES=4576,20000,100000 by default)
 */
import { demoData, startAppServer } from "../scripts/app-server";
import { applyBoard } from "../worker/domain/board/engine";
import type { CompactRow } from "../worker/domain/board/query";
import { readBoardView } from "../worker/domain/board/params";
import type { SeedData } from "../worker/domain/seed";
import { database } from "../worker/store/db";
import { loadCompactBoard } from "../worker/store/read/board";
import { syntheticBoard } from "./synthetic";

const collect = (globalThis as { gc?: () => void }).gc;
if (!collect) throw new Error("run with node --expose-gc (see the header)");

function heapAfterGc(): number {
  for (let i = 0; i < 3; i++) collect!();
  return process.memoryUsage().heapUsed;
}

const MIB = 2 ** 20;
// One D1 batch of seed data much past this fails under Miniflare today ("other side closed" in seedIfEmpty at
// 100,000 rows), so a larger board is loaded in parts from boards of at most this many rows, one after another.
const SEED_LIMIT = 50_000;
const real = demoData();
const sizes = process.env.BENCH_SIZES?.split(",")
  .map(Number)
  .filter((n) => n > 0) ?? [real.evaluations.length, 20_000, 100_000];

/** The compact board of `data`, loaded through D1 from a server that is stopped again. */
async function loadThroughD1(data: SeedData): Promise<CompactRow[]> {
  const server = await startAppServer({ data });
  try {
    return await loadCompactBoard(database(server.db));
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

const lines = [
  "| board rows | compact board | per row | with the engine's caches (one filtered query) | per row |",
  "|---:|---:|---:|---:|---:|",
];
// Miniflare's own modules load on the first server: not the board's heap.
await loadThroughD1({ models: real.models.slice(0, 1), evaluations: [] });
for (const size of sizes) {
  const before = heapAfterGc();
  const rows: CompactRow[] = [];
  for (const part of parts(syntheticBoard(real, size))) rows.push(...(await loadThroughD1(part)));
  const loaded = heapAfterGc();
  applyBoard(rows, readBoardView(new URLSearchParams("search=llama&sort=ifeval")).query);
  const prepared = heapAfterGc();
  if (rows.length !== size) throw new Error(`loaded ${rows.length} rows, seeded ${size}`);
  const board = loaded - before;
  const engine = prepared - before;
  lines.push(
    `| ${size.toLocaleString("en-US")} | ${(board / MIB).toFixed(1)} MiB | ${(board / size / 1024).toFixed(2)} KiB | ` +
      `${(engine / MIB).toFixed(1)} MiB | ${(engine / size / 1024).toFixed(2)} KiB |`,
  );
  process.stderr.write(`${lines.at(-1)}\n`);
  rows.length = 0;
}
process.stdout.write(`Measured ${new Date().toISOString()}, Node ${process.versions.node}.\n\n${lines.join("\n")}\n`);
