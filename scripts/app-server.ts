/**
 * Serves the built Worker bundle with Miniflare directly (no `wrangler dev` proxy), on an in-memory D1 that is
 * migrated and optionally seeded. Used by the browser tests, the CLI tests and the benchmarks.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { convertV4MiniflareOptions, Miniflare } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { parseLeaderboardCsv, type SeedData } from "../worker/domain/seed";
import { database } from "../worker/store/db";
import { seedIfEmpty } from "../worker/store/seed";
import { TEST_SECRETS } from "./test-secrets";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bundle = path.join(root, "dist/worker/index.js");

/** Builds dist/worker (and dist/client through wrangler's build step) with the deploy bundler. */
export function buildWorker(): void {
  execFileSync(path.join(root, "node_modules/.bin/wrangler"), ["deploy", "--dry-run", "--outdir", "dist/worker"], {
    cwd: root,
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
    stdio: "pipe",
  });
}

/** Applies every migration in migrations/ in order, as `wrangler d1 migrations apply` would. */
export async function migrate(db: D1Database): Promise<void> {
  const dir = path.join(root, "migrations");
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort()) {
    const statements = readFileSync(path.join(dir, file), "utf8")
      .split("--> statement-breakpoint")
      .map((s) => s.trim())
      .filter(Boolean);
    await db.batch(statements.map((s) => db.prepare(s)));
  }
}

/** The final leaderboard data shipped with the project. */
export function demoData() {
  return parseLeaderboardCsv(readFileSync(path.join(root, "data/open-llm-leaderboard-v2-final.csv"), "utf8"));
}

export interface AppServer {
  url: string;
  mf: Miniflare;
  db: D1Database;
  /** The static-assets options it is served behind (wrangler.toml's, with its client directory). */
  assets: Record<string, unknown>;
  stop(): Promise<void>;
}

export interface AppServerOptions {
  /** Load the final leaderboard data (default true). */
  seed?: boolean;
  /** Seed this data instead of the final leaderboard data (the benchmarks' synthetic boards). */
  data?: SeedData;
  /**
   * A private copy of dist/ (worker/ and client/) to serve, so that a build started elsewhere (another test run)
   * cannot swap the bundle or the hashed assets under a long run; the shared dist/ by default.
   */
  dist?: string;
  /** Open workerd's V8 inspector on this port (the benchmarks' CPU profiles). */
  inspectorPort?: number;
  /** Bindings that override wrangler.toml's vars and stand in for secrets. */
  vars?: Record<string, string>;
  port?: number;
}

export { TEST_SECRETS };

/** Starts the built Worker on 127.0.0.1 (a free port unless given); build it first with buildWorker(). */
export async function startAppServer(options: AppServerOptions = {}): Promise<AppServer> {
  if (!options.dist && !existsSync(bundle)) buildWorker();
  // modulesRules describe wrangler's own bundling; the bundle is already built, so they do not apply.
  const { modulesRules: _rules, ...workerOptions } = unstable_getMiniflareWorkerOptions(
    path.join(root, "wrangler.toml"),
  ).workerOptions;
  const assets = {
    ...(workerOptions.assets as Record<string, unknown>),
    ...(options.dist ? { directory: path.join(options.dist, "client") } : {}),
  };
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      workers: [
        {
          ...workerOptions,
          name: "podium",
          modules: true,
          scriptPath: options.dist ? path.join(options.dist, "worker/index.js") : bundle,
          assets,
          bindings: { ...(workerOptions.bindings as Record<string, unknown>), ...TEST_SECRETS, ...options.vars },
        },
      ],
      host: "127.0.0.1",
      port: options.port ?? 0,
      ...(options.inspectorPort ? { inspectorPort: options.inspectorPort } : {}),
    } as Parameters<typeof convertV4MiniflareOptions>[0]),
  );
  const url = (await mf.ready).toString().replace(/\/$/, "");
  const db = (await mf.getD1Database("DB")) as unknown as D1Database;
  await migrate(db);
  if (options.seed ?? true) await seedIfEmpty(database(db), options.data ?? demoData());
  return { url, mf, db, assets, stop: () => mf.dispose() };
}
