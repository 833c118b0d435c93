/**
 * The whole Worker's heap after it has served every GET route once (issue 15's target: ≤ 64 MiB at 100,000 rows),
 * read from workerd's own V8 through its inspector (the isolate Cloudflare would stop at 128 MB), not estimated
 * in Node: the board published and held, every page, API view, export, badge, feed and the island's data.
 *
 *   npx tsx bench/worker-heap.ts        (BENCH_SIZES=4576,100000 by default)
 *
 * `npm run bench` runs `measureWorkerHeap` on each of its board sizes and judges the largest against the target.
 */
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { demoData, startAppServer } from "../scripts/app-server";
import type { SeedData } from "../worker/domain/seed";
import { privateBuild } from "./build";
import { freePort, Inspector } from "./inspector";
import { syntheticBoard } from "./synthetic";

/** The isolate of Podium's Worker in Miniflare's workerd (bench/profile.ts watches the same one). */
const TARGET = "core:user:podium";

interface HeapUsage {
  usedSize: number;
  totalSize: number;
  /** Bytes held outside the V8 heap by ArrayBuffers (the board's columns): newer V8 reports them here. */
  backingStorageSize?: number;
}

/**
 * Every GET route a reader or client reaches, with real ids; the island's slice and its rest when the board page
 * names one (a board above ISLAND_BOARD_MAX_ROWS has none: its island asks the API per view).
 */
function routes(leader: string, second: string, slice: string | null): string[] {
  const [org, name] = leader.split("/") as [string, string];
  const slices = slice ? [slice, `${slice}/rest`] : [];
  return [
    "/healthz",
    "/",
    "/?search=llama&types=chat",
    "/?sort=model&order=asc&offset=500",
    "/?as_of=2024-12-31",
    `/models/${leader}`,
    `/compare?models=${leader},${second}`,
    "/queue",
    "/submit",
    "/account",
    "/about",
    "/docs",
    "/moderation",
    "/feed.atom",
    "/api/v1/leaderboard",
    "/api/v1/leaderboard?search=qwen%20@architecture:qwen2&rank=dynamic",
    "/api/v1/leaderboard?sort=ifeval&scores=raw&limit=500",
    "/api/v1/leaderboard.csv?types=chat",
    "/api/v1/leaderboard.json?types=chat",
    "/api/v1/leaderboard/island?search=mistral",
    ...slices,
    `/api/v1/models/${leader}`,
    `/api/v1/compare?models=${leader},${second}`,
    "/api/v1/benchmarks",
    "/api/v1/queue",
    "/api/v1/openapi.json",
    `/badge/${org}/${name}.svg`,
    `/badge/${org}/${name}.svg?metric=rank`,
    `/badge/${org}/${name}.json?metric=ifeval`,
  ];
}

const MiB = 2 ** 20;
const mib = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;

/** One board's Worker heap, bytes, after a collection in its isolate. */
export interface WorkerHeap {
  size: number;
  idle: number;
  served: number;
  /** ArrayBuffers outside the V8 heap (the board's columns); null where V8 does not report them. */
  arrayBuffers: number | null;
  /** Routes that did not answer 200. */
  failed: string[];
}

/** The V8 heap and the ArrayBuffers the isolate holds after serving every route once. */
export const heapTotal = (h: WorkerHeap) => h.served + (h.arrayBuffers ?? 0);

/** Serves `data` from the private build `dist` in its own Miniflare with an inspector, and weighs the isolate. */
export async function measureWorkerHeap(data: SeedData, dist: string): Promise<WorkerHeap> {
  const size = data.evaluations.length;
  const byAverage = [...data.evaluations].sort((a, b) => b.average - a.average);
  const leader = byAverage[0]!.modelId;
  const second = byAverage.find((e) => e.modelId !== leader)!.modelId;
  const inspectorPort = await freePort();
  const server = await startAppServer({ data, dist, inspectorPort, vars: { BOARD_PUBLISH_SECONDS: "0" } });
  try {
    const cdp = await Inspector.open(`ws://127.0.0.1:${inspectorPort}/${TARGET}`);
    // workerd answers the inspector from the isolate's own event loop: requests let a command through.
    const answered = async <T>(reply: Promise<T>): Promise<T> => {
      let done = false;
      const settled = reply.finally(() => {
        done = true;
      });
      while (!done) {
        await (await fetch(`${server.url}/healthz`)).arrayBuffer();
        await new Promise((r) => setTimeout(r, 50));
      }
      return settled;
    };
    const heap = async () => {
      await answered(cdp.send("HeapProfiler.collectGarbage"));
      return answered(cdp.send<HeapUsage>("Runtime.getHeapUsage"));
    };
    await (await fetch(`${server.url}/healthz`)).arrayBuffer();
    const idle = await heap();
    // The first view asks the publisher, which builds and publishes the board in this isolate; wait for it.
    let version = "";
    for (let i = 0; i < 600 && !version; i++) {
      const res = await fetch(`${server.url}/api/v1/leaderboard?limit=1`);
      const body = (await res.json()) as { version?: string };
      if (res.headers.get("podium-board-version") && body.version) version = body.version;
      else await new Promise((r) => setTimeout(r, 500));
    }
    if (!version) throw new Error(`the board of ${size} rows was not published`);
    const failed: string[] = [];
    const page = await (await fetch(`${server.url}/`)).text();
    const slice = page.match(/\/api\/v1\/leaderboard\/slices\/[^"&]+/)?.[0] ?? null;
    for (const path of routes(leader, second, slice)) {
      const res = await fetch(server.url + path);
      await res.arrayBuffer();
      if (res.status !== 200) failed.push(`${path} ${res.status}`);
    }
    const served = await heap();
    cdp.close();
    process.stderr.write(`${size}: idle ${JSON.stringify(idle)} served ${JSON.stringify(served)} ${failed}\n`);
    return {
      size,
      idle: idle.usedSize,
      served: served.usedSize,
      arrayBuffers: served.backingStorageSize ?? null,
      failed,
    };
  } finally {
    await server.stop();
  }
}

/** The table BENCHMARKS.md keeps, one line a board. */
export function workerHeapTable(heaps: readonly WorkerHeap[]): string {
  return [
    "| board rows | V8 heap, idle | V8 heap after every route | ArrayBuffers | heap + ArrayBuffers | answers |",
    "|---:|---:|---:|---:|---:|---|",
    ...heaps.map(
      (h) =>
        `| ${h.size.toLocaleString("en-US")} | ${mib(h.idle)} | ${mib(h.served)} | ` +
        `${h.arrayBuffers === null ? "n/a" : mib(h.arrayBuffers)} | **${mib(heapTotal(h))}** | ` +
        `${h.failed.length ? h.failed.join(", ") : "all 200"} |`,
    ),
  ].join("\n");
}

async function main(): Promise<void> {
  const sizes = process.env.BENCH_SIZES?.split(",").map(Number) ?? [4576, 100_000];
  const real = demoData();
  const build = privateBuild();
  try {
    const heaps: WorkerHeap[] = [];
    const load = os.loadavg()[0]?.toFixed(1);
    for (const size of sizes) {
      heaps.push(
        await measureWorkerHeap(size === real.evaluations.length ? real : syntheticBoard(real, size), build.dir),
      );
    }
    process.stdout.write(
      `Measured ${new Date().toISOString()}, 1-min load ${load}, after GC in the Worker's isolate.\n\n${workerHeapTable(heaps)}\n`,
    );
  } finally {
    build.remove();
  }
}

if (import.meta.url === pathToFileURL(path.resolve(process.argv[1] ?? "")).href) await main();
