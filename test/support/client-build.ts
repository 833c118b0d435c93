import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

/**
 * The Worker imports dist/client-manifest.json (island script URLs), which the client build writes. On a clean
 * checkout nothing has built it yet, so build it once before the workers tests bundle the Worker. (vitest runs
 * the projects' global setups one after another, so this never races the node project's full build.)
 */
export default function setup(): void {
  if (existsSync(path.join(root, "dist/client-manifest.json"))) return;
  execFileSync(process.execPath, [path.join(root, "scripts/build-client.mjs")], { cwd: root, stdio: "pipe" });
}
