/**
 * A private copy of the build for one bench run: other engineers' test runs rebuild the shared dist/ at any time,
 * and a bundle whose hashed assets vanish mid-run would measure errors, not Podium.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { buildWorker, root } from "../scripts/app-server";

/** Every `/assets/…` file the bundle names is in the copied client directory. */
function consistent(dir: string): boolean {
  const bundle = readFileSync(path.join(dir, "worker/index.js"), "utf8");
  return [...bundle.matchAll(/["'](\/assets\/[\w.-]+)["']/g)].every((m) => existsSync(path.join(dir, "client", m[1]!)));
}

/**
 * Builds, copies dist/worker and dist/client into a fresh directory under bench/results/ (inside the project:
 * workerd refuses module paths that climb out of it), and checks they belong together.
 */
export function privateBuild(): { dir: string; remove(): void } {
  for (let attempt = 1; attempt <= 3; attempt++) {
    buildWorker();
    mkdirSync(path.join(root, "bench/results"), { recursive: true });
    const dir = mkdtempSync(path.join(root, "bench/results/build-"));
    cpSync(path.join(root, "dist/worker"), path.join(dir, "worker"), { recursive: true });
    cpSync(path.join(root, "dist/client"), path.join(dir, "client"), { recursive: true });
    const remove = () => rmSync(dir, { recursive: true, force: true });
    if (consistent(dir)) return { dir, remove };
    remove();
  }
  throw new Error("three builds in a row were changed by a concurrent build; try again when tests are idle");
}
