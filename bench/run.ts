/**
 * `npm run bench`: builds the Worker, serves it with Miniflare on boards of 4,576 (real), 20,000 and 100,000
 * models, and measures every route against a Worker returning the same bytes behind the same static-assets layer
 * (bench/baseline.ts), then ingest, page weight, Chromium figures (the island's transfers on every board) and the
 * whole Worker's heap on each board (bench/worker-heap.ts). Then, each in a child process of its own
 * (bench/step.ts): the board read model's memory up to 1,000,000 rows (heap.ts), D1 statements and rows per
 * operation with the cost model (d1-costs.ts), and the island's data (island-data.ts). Writes
 * bench/results/latest.json, prints the tables, and puts them into BENCHMARKS.md.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { demoData, root, startAppServer, type AppServer } from "../scripts/app-server";
import type { SeedData } from "../worker/domain/seed";
import { startBaseline } from "./baseline";
import { privateBuild } from "./build";
import { chromePath, launchBrowser, measureIslandFilter, measureLcp, runLighthouse } from "./browser";
import { benchConfig } from "./config";
import type { D1CostResults } from "./d1-costs";
import { measureEngine } from "./engine";
import { measureForgedDelivery } from "./forged-delivery";
import type { HeapResults } from "./heap";
import { measureIngest, type IngestOutcome } from "./ingest";
import type { IslandDataResults } from "./island-data";
import { type IslandTransfer, measureIslandTransfer } from "./island-transfer";
import { load, type LoadResult } from "./load";
import { pageWeight } from "./page-weight";
import { writeBenchmarksSection } from "./benchmarks-md";
import { judge, markdown, type BenchResults } from "./report";
import { measureRoutes, type RouteMeasurement } from "./routes";
import { routeScenarios } from "./scenarios";
import { measureRankRanges } from "./rank-ranges";
import { measureSearchCpu } from "./search-cpu";
import { runStep } from "./step";
import { syntheticBoard } from "./synthetic";
import { measureWorkerHeap, type WorkerHeap } from "./worker-heap";

const log = (line: string) => process.stderr.write(`${line}\n`);
const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err)).split("\n")[0]!;

async function serve(
  data: SeedData,
  dist: string,
  seedSeconds: Record<string, number>,
  vars?: Record<string, string>,
): Promise<AppServer> {
  const start = performance.now();
  const server = await startAppServer({ data, dist, ...(vars ? { vars } : {}) });
  seedSeconds[data.evaluations.length] = (performance.now() - start) / 1000;
  return server;
}

/** The model of the best average on the board: the one a badge or model page is most often asked for. */
function leaderOf(data: SeedData): string {
  return data.evaluations.reduce((best, e) => (e.average > best.average ? e : best)).modelId;
}

/** What the island's search transfers on this server's board, or why it was not measured. */
async function islandTransferOn(url: string, size: number): Promise<IslandTransfer | { size: number; error: string }> {
  const browser = await launchBrowser();
  try {
    return await measureIslandTransfer(browser, url, size);
  } catch (err) {
    return { size, error: errorText(err) };
  } finally {
    await browser.close();
  }
}

/** A step's results, or its error: one failed step leaves the others' figures in the report. */
function step<T>(name: string, run: () => T): T | { error: string } {
  log(`${name}…`);
  try {
    return run();
  } catch (err) {
    return { error: errorText(err) };
  }
}

function machineLoad(): number {
  return os.loadavg()[0] ?? Number.NaN;
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const loadStart = machineLoad();
  log("building the Worker…");
  const build = privateBuild();
  // Also when a step throws: the copy is only for this run.
  process.on("exit", () => build.remove());
  const real = demoData();
  const config = benchConfig(real.evaluations.length);
  const seedSeconds: Record<string, number> = {};
  const routes: RouteMeasurement[] = [];
  const reference: LoadResult[] = [];
  let ingest: IngestOutcome = { measured: false, reason: "not run" };
  let ingestLargest: BenchResults["ingestLargest"] = null;
  let weight: BenchResults["pageWeight"] = null;
  let lcp: BenchResults["lcp"] = null;
  let lighthouse: BenchResults["lighthouse"] = null;
  let island: BenchResults["island"] = null;
  let engine: BenchResults["engine"] = null;
  const islandTransfer: NonNullable<BenchResults["islandTransfer"]> = [];

  for (const [i, size] of config.sizes.entries()) {
    log(`board of ${size}: seeding…`);
    const board = syntheticBoard(real, size);
    const server = await serve(board, build.dir, seedSeconds);
    try {
      const scenarios = routeScenarios(leaderOf(board)).filter((s) => i === 0 || !s.realOnly);
      // What the emulated platform costs is board-independent: measured on the real board only.
      routes.push(...(await measureRoutes(server, size, scenarios, config, log, i === 0)));
      if (config.browser && chromePath) {
        log("Chromium: the island's transfers…");
        islandTransfer.push(await islandTransferOn(server.url, size));
      }
      const ingestHere = () =>
        measureIngest(server, real.evaluations[0]!, config, log).catch((err: unknown) => ({
          measured: false as const,
          reason: errorText(err),
        }));
      if (i > 0) {
        // Writes get dearer as the indexes grow: ingest again on the largest board, last, as it writes to it.
        if (i === config.sizes.length - 1) {
          log("ingest…");
          ingestLargest = { size, outcome: await ingestHere() };
        }
        continue;
      }
      const trivial = await startBaseline({}, server.assets);
      try {
        for (let round = 0; round < config.rounds; round++) {
          reference.push(
            await load({ url: `${trivial.url}/`, seconds: config.seconds, connections: config.connections }),
          );
        }
      } finally {
        await trivial.stop();
      }
      weight = await pageWeight(server.url).catch((err: unknown) => ({ error: errorText(err) }));
      if (config.browser && !chromePath) {
        const error = "no Chromium (set CHROME_PATH or install Debian's chromium)";
        lcp = { error };
        lighthouse = { error };
        island = { measured: false, reason: error };
      } else if (config.browser) {
        log("Chromium: LCP and Lighthouse…");
        const browser = await launchBrowser();
        try {
          lcp = await measureLcp(browser, `${server.url}/`).catch((err: unknown) => ({ error: errorText(err) }));
        } finally {
          await browser.close();
        }
        lighthouse = await runLighthouse(`${server.url}/`).catch((err: unknown) => ({ error: errorText(err) }));
      }
      // Last on this board: it writes to it.
      log("ingest…");
      ingest = await ingestHere();
    } finally {
      await server.stop();
    }
  }

  if (config.browser && chromePath) {
    log(`island on a board of ${config.islandRows}…`);
    // The island's filter is measured on its slice: a board this size is above the page's default threshold
    // (ISLAND_BOARD_MAX_ROWS), where the island would ask the API instead and the engine's slice answers 404.
    const vars = { ISLAND_BOARD_MAX_ROWS: String(config.islandRows) };
    const server = await serve(syntheticBoard(real, config.islandRows), build.dir, seedSeconds, vars);
    const browser = await launchBrowser();
    try {
      island = await measureIslandFilter(browser, `${server.url}/`, config.islandRows).catch((err: unknown) => ({
        measured: false as const,
        reason: errorText(err),
      }));
      engine = await measureEngine(server.url).catch((err: unknown) => ({
        error: errorText(err),
      }));
    } finally {
      await browser.close();
      await server.stop();
    }
  }

  // Each board in a Miniflare of its own, with an inspector on its isolate, after the load runs stopped theirs.
  const workerHeap: Array<WorkerHeap | { size: number; error: string }> = [];
  for (const size of config.sizes) {
    log(`the Worker's heap on a board of ${size}…`);
    const board = size === real.evaluations.length ? real : syntheticBoard(real, size);
    workerHeap.push(
      await measureWorkerHeap(board, build.dir).catch((err: unknown) => ({ size, error: errorText(err) })),
    );
  }

  log("forged deliveries…");
  const forged = await measureForgedDelivery().catch((err: unknown) => ({ error: errorText(err) }));
  // Alone on the machine's share of CPU: every server of the run has stopped.
  const searchCpu = measureSearchCpu(real, log);
  log("rank ranges…");
  const rankRanges = (() => {
    try {
      return measureRankRanges();
    } catch (err) {
      return { error: errorText(err) };
    }
  })();

  const sizes = config.sizes.join(",");
  const boardHeap = !config.steps
    ? null
    : step("the board read model's memory (bench/heap.ts)", () =>
        runStep<HeapResults>("heap.ts", {
          nodeFlags: ["--expose-gc", "--max-old-space-size=6144"],
          env: { BENCH_SIZES: `${sizes},1000000`, BUILD_SIZES: sizes },
        }),
      );
  const d1Costs = !config.steps
    ? null
    : step("D1 per operation (bench/d1-costs.ts)", () =>
        runStep<D1CostResults>("d1-costs.ts", { env: { BENCH_SIZES: sizes } }),
      );
  const islandData =
    !config.steps || !config.browser || !chromePath
      ? null
      : step("the island's data (bench/island-data.ts)", () =>
          runStep<IslandDataResults>("island-data.ts", { args: config.sizes.map(String) }),
        );

  const finishedAt = new Date();
  const partial: Omit<BenchResults, "targets"> = {
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    seconds: (finishedAt.getTime() - startedAt.getTime()) / 1000,
    command: "npm run bench",
    config,
    machine: {
      cpus: os.cpus()[0]?.model ?? "unknown",
      cores: os.cpus().length,
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      os: `${os.type()} ${os.release()}`,
      node: process.versions.node,
      miniflare: (
        JSON.parse(readFileSync(path.join(root, "node_modules/miniflare/package.json"), "utf8")) as { version: string }
      ).version,
      loadStart,
      loadEnd: machineLoad(),
    },
    seedSeconds,
    reference,
    routes,
    ingest,
    ingestLargest,
    pageWeight: weight,
    lcp,
    lighthouse,
    island,
    engine,
    forged,
    searchCpu,
    rankRanges,
    workerHeap,
    islandTransfer,
    boardHeap,
    d1Costs,
    islandData,
  };
  const results: BenchResults = { ...partial, targets: judge(partial) };
  const table = markdown(results);
  mkdirSync(path.join(root, "bench/results"), { recursive: true });
  writeFileSync(path.join(root, "bench/results/latest.json"), `${JSON.stringify(results, null, 2)}\n`);
  if (process.env.BENCH_WRITE_MD !== "0") writeBenchmarksSection("results", table);
  process.stdout.write(`${table}\n`);
}

await main();
