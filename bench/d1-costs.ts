/**
 * What production bills per operation: the built Worker served by Miniflare behind a counting D1 binding
 * (counting-d1.ts, wrapped around `env.DB` by a small entry module in the private build), and each operation's
 * D1 statements, rows read and rows written, on the real board and on synthetic ones. The first requests after the
 * server starts run in a cold isolate; "after an ingest" is the first view after a data change. The cost table
 * turns the figures into a month at stated traffic (cost-model.ts).
 *
 *   npx tsx bench/d1-costs.ts        (BENCH_SIZES=4576,100000 by default, ≈ 10 minutes; BENCH_WRITE_MD=0: do not write)
 */
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { buildSync, transformSync } from "esbuild";
import { Webhook } from "standardwebhooks";
import { type AppServer, demoData, root, startAppServer, TEST_SECRETS } from "../scripts/app-server";
import { completedEvent, harnessResults } from "../test/support/harness";
import { kvSnapshots, MAX_SNAPSHOT_BYTES, type SnapshotStore } from "../worker/adapters/snapshots";
import { database } from "../worker/store/db";
import { bumpVersions, storedState } from "../worker/store/version";
import { publishBoard } from "../worker/use-cases/publish";
import { BoardHolder } from "../worker/use-cases/published-board";
import { writeBenchmarksSection } from "./benchmarks-md";
import { privateBuild } from "./build";
import { costTables, type Measured } from "./cost-model";
import { countingD1, type D1Counts } from "./counting-d1";
import { writeStepResult } from "./step";
import { syntheticBoard } from "./synthetic";

const COUNTS_PATH = "/__bench/d1";

// The deployed bundle behind a counting binding: one counter per bindings object, as the app keeps its own state
// per isolate; the counts path answers the counts since the last ask and starts again.
const ENTRY = `
import podium from "./podium.js";
import { countingD1 } from "./counting-d1.js";
const counted = new WeakMap();
function wrapped(env) {
  let w = counted.get(env);
  if (!w) {
    const counting = countingD1(env.DB);
    w = { counting, env: { ...env, DB: counting.db } };
    counted.set(env, w);
  }
  return w;
}
export { BoardPublisher } from "./podium.js";
export default {
  async fetch(request, env, ctx) {
    const w = wrapped(env);
    if (new URL(request.url).pathname === ${JSON.stringify(COUNTS_PATH)}) {
      const counts = w.counting.counts();
      w.counting.reset();
      return Response.json(counts);
    }
    return podium.fetch(request, w.env, ctx);
  },
  scheduled: (controller, env, ctx) => podium.scheduled(controller, wrapped(env).env, ctx),
};
`;

/** Puts the counting entry in front of the private build's bundle, bundled with it into one module. */
function countingBuild(dir: string): void {
  const worker = path.join(dir, "worker");
  renameSync(path.join(worker, "index.js"), path.join(worker, "podium.js"));
  const source = readFileSync(path.join(root, "bench/counting-d1.ts"), "utf8");
  writeFileSync(path.join(worker, "counting-d1.js"), transformSync(source, { loader: "ts", format: "esm" }).code);
  buildSync({
    stdin: { contents: ENTRY, resolveDir: worker, loader: "js" },
    bundle: true,
    format: "esm",
    platform: "neutral",
    external: ["cloudflare:*", "node:*"],
    outfile: path.join(worker, "index.js"),
    logLevel: "error",
  });
}

const log = (line: string) => process.stderr.write(`${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// Longer than the 1 s the isolate remembers the read models' versions for views (store/version.ts).
const PAST_VERSION_MEMORY_MS = 1100;

/**
 * A publish and a fresh isolate's load, run here against the server's D1 and KV: the publisher's D1 reads go to
 * the Durable Object's own binding, which the counting entry does not wrap, so they are counted by calling the
 * same use cases it runs behind a counting D1 of the same database.
 */
async function measurePublish(server: AppServer, size: number): Promise<Measured[]> {
  const namespace = (await server.mf.getKVNamespace("BOARD_SNAPSHOTS")) as unknown as KVNamespace;
  const real = kvSnapshots(namespace);
  const kv = { reads: 0, writes: 0, bytes: 0 };
  const store: SnapshotStore = {
    read: (key) => {
      kv.reads++;
      return real.read(key);
    },
    write: (key, bytes) => {
      kv.writes++;
      kv.bytes = bytes.byteLength;
      // Straight to the namespace: a snapshot over KV's limit is still measured (its size line says so).
      return namespace.put(key, bytes);
    },
  };
  // The ingest asked the Durable Object for a publish, which may have finished already: a version moved without a
  // request leaves this publish a whole build of the board, whichever came first.
  await bumpVersions(database(server.db), ["board"]);
  const counting = countingD1(server.db);
  const db = database(counting.db);
  const outcome = await publishBoard(db, store);
  if (outcome.kind !== "published") throw new Error("publish: the moved board was already published");
  const publish: Measured = {
    key: "publish",
    title: "publish: the board built once from D1, one KV put, the record",
    size,
    ...counting.counts(),
    kvReads: 0,
    kvWrites: kv.writes,
    snapshotBytes: kv.bytes,
  };
  counting.reset();
  const holder = new BoardHolder();
  const noPublisher = () => Promise.reject(new Error("the load must not need a publish"));
  const served = await holder.serve({ db, snapshots: store, publishNow: noPublisher }, await storedState(db));
  if (served.version !== outcome.published.version) throw new Error("load: not the published board");
  const load: Measured = {
    key: "board-load",
    title: "a fresh isolate loads the published board (versions read, one KV read)",
    size,
    ...counting.counts(),
    kvReads: kv.reads,
    kvWrites: 0,
  };
  for (const m of [publish, load]) log(`  ${size} ${m.title}: ${JSON.stringify(m)}`);
  return [publish, load];
}

async function measureBoard(size: number, dir: string): Promise<Measured[]> {
  const real = demoData();
  const board = syntheticBoard(real, size);
  const leader = board.evaluations.reduce((best, e) => (e.average > best.average ? e : best)).modelId;
  const server = await startAppServer({ data: board, dist: dir, vars: { DEV_AUTH: "true", HUB_OFFLINE: "true" } });
  const out: Measured[] = [];
  const counts = async (): Promise<D1Counts> => (await fetch(server.url + COUNTS_PATH)).json() as Promise<D1Counts>;
  const op = async (key: string, title: string, send: () => Promise<Response>, expect: number) => {
    await counts();
    const res = await send();
    await res.arrayBuffer();
    if (res.status !== expect) throw new Error(`${title}: ${res.status}, expected ${expect}`);
    const measured = { key, title, size, ...(await counts()) };
    log(`  ${size} ${title}: ${JSON.stringify(measured)}`);
    out.push(measured);
  };
  const get =
    (p: string, headers: Record<string, string> = {}) =>
    () =>
      fetch(server.url + p, { headers });
  const origin = new URL(server.url).origin;
  try {
    const badge = `/badge/${leader}.svg`;
    await op("badge-cold", "badge, cold isolate", get(badge), 200);
    await op("badge-warm", "badge, warm isolate", get(badge), 200);
    await sleep(PAST_VERSION_MEMORY_MS);
    await op("page-cold", "`/`, cold isolate (versions + front view)", get("/"), 200);
    await op("page-hot", "`/`, cached, versions read < 1 s ago", get("/"), 200);
    await sleep(PAST_VERSION_MEMORY_MS);
    await op("page-cached", "`/`, cached (versions read again)", get("/"), 200);
    await op("search-cold", "`/?search=llama`, first filtered view in the isolate", get("/?search=llama"), 200);
    await op("search-warm", "`/?search=qwen`, board already in the isolate", get("/?search=qwen"), 200);
    await op("model-cold", "model page `/models/{id}`, uncached", get(`/models/${leader}`), 200);
    await op("model-cached", "model page, cached", get(`/models/${leader}`), 200);
    await op("queue-cold", "queue page `/queue`, uncached", get("/queue"), 200);

    const signIn = async (user: string) => {
      const res = await fetch(`${server.url}/auth/dev?user=${user}`, { redirect: "manual" });
      await res.arrayBuffer();
      const cookie = res.headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .join("; ");
      return { "content-type": "application/json", cookie, origin };
    };
    const json = await signIn("bench-costs-submitter");
    // Submitters do not vote on their own submissions.
    const voter = await signIn("bench-costs-voter");
    let submissionId = "";
    await op(
      "submission",
      "submission (POST /api/v1/submissions)",
      async () => {
        const res = await fetch(`${server.url}/api/v1/submissions`, {
          method: "POST",
          headers: json,
          body: JSON.stringify({ model: "bench-costs/model-7b", precision: "bfloat16", model_type: "fine-tuned" }),
        });
        submissionId = ((await res.clone().json()) as { data: { id: string } }).data.id;
        return res;
      },
      201,
    );
    await op(
      "vote",
      "vote (POST …/vote)",
      () => fetch(`${server.url}/api/v1/submissions/${submissionId}/vote`, { method: "POST", headers: voter }),
      201,
    );
    await sleep(PAST_VERSION_MEMORY_MS);
    await op("queue-after-vote", "queue page after a vote", get("/queue"), 200);

    const created = await fetch(`${server.url}/api/v1/admin/evaluators`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${TEST_SECRETS.ADMIN_TOKEN}` },
      body: JSON.stringify({ name: "bench costs" }),
    });
    const evaluator = (await created.json()) as { id: string; secret: string };
    const body = JSON.stringify(completedEvent(harnessResults({ model: "bench-costs/pushed-7b" })));
    const now = new Date();
    const webhookId = "msg_bench_costs_1";
    await op(
      "ingest",
      "ingest (one signed evaluation.completed)",
      () =>
        fetch(`${server.url}/api/v1/evaluators/${evaluator.id}/events`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "webhook-id": webhookId,
            "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
            "webhook-signature": new Webhook(evaluator.secret).sign(webhookId, now, body),
          },
          body,
        }),
      201,
    );
    out.push(...(await measurePublish(server, size)));
    await op("badge-after-change", "badge, first after a data change", get(badge), 200);
    await sleep(PAST_VERSION_MEMORY_MS);
    await op("page-after-change", "`/`, first view after a data change", get("/"), 200);
    await op("search-after-change", "`/?search=llama`, first after a data change", get("/?search=llama"), 200);
  } finally {
    await server.stop();
  }
  return out;
}

function operationsTable(rows: readonly Measured[], sizes: readonly number[]): string {
  const keys = [...new Set(rows.map((r) => r.key))];
  const cell = (key: string, size: number) => {
    const r = rows.find((x) => x.key === key && x.size === size);
    if (!r) return "–";
    const kv = r.kvReads || r.kvWrites ? ` (KV: ${r.kvReads ?? 0} read, ${r.kvWrites ?? 0} put)` : "";
    return `${r.statements} / ${r.rowsRead.toLocaleString("en-US")} / ${r.rowsWritten}${kv}`;
  };
  return [
    `| operation | ${sizes.map((s) => `${s.toLocaleString("en-US")} rows: statements / rows read / rows written`).join(" | ")} |`,
    `|---|${sizes.map(() => "---:").join("|")}|`,
    ...keys.map((k) => `| ${rows.find((r) => r.key === k)!.title} | ${sizes.map((s) => cell(k, s)).join(" | ")} |`),
  ].join("\n");
}

/** The published snapshot's size per board, and per row (a KV value is at most 25 MiB). */
function snapshotSizes(rows: readonly Measured[], sizes: readonly number[]): string {
  const cells = sizes.map((size) => {
    const bytes = rows.find((r) => r.key === "publish" && r.size === size)?.snapshotBytes ?? 0;
    const over = bytes > MAX_SNAPSHOT_BYTES ? ", over KV's 25 MiB: production refuses it" : "";
    return `${(bytes / 2 ** 20).toFixed(2)} MiB at ${size.toLocaleString("en-US")} rows (${Math.round(bytes / size)} bytes a row${over})`;
  });
  return `Snapshot written to KV: ${cells.join("; ")}.`;
}

export interface D1CostResults {
  measuredAt: string;
  sizes: number[];
  rows: Measured[];
  markdown: string;
}

const sizes = process.env.BENCH_SIZES?.split(",")
  .map(Number)
  .filter((n) => n > 0) ?? [demoData().evaluations.length, 100_000];
const build = privateBuild();
process.on("exit", () => build.remove());
countingBuild(build.dir);
const rows: Measured[] = [];
for (const size of sizes) {
  log(`board of ${size}…`);
  rows.push(...(await measureBoard(size, build.dir)));
}
const measuredAt = new Date().toISOString();
const text = [
  `Measured ${measuredAt} with \`npx tsx bench/d1-costs.ts\` (Miniflare ${
    (JSON.parse(readFileSync(path.join(root, "node_modules/miniflare/package.json"), "utf8")) as { version: string })
      .version
  }; D1's own \`meta.rows_read\` / \`meta.rows_written\`).`,
  "",
  operationsTable(rows, sizes),
  "",
  snapshotSizes(rows, sizes),
  "",
  costTables(rows, sizes),
].join("\n");
if (process.env.BENCH_WRITE_MD !== "0") writeBenchmarksSection("d1-costs", text);
writeStepResult({ measuredAt, sizes, rows, markdown: text } satisfies D1CostResults);
process.stdout.write(`${text}\n`);
