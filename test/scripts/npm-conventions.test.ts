/**
 * The npm conventions of the checkout: `npm run dev` is `npm start`, and `npm ci` on a Node older than the one
 * `engines` asks for stops before installing anything, with npm's own version message (engine-strict in .npmrc).
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REQUIRED_NODE_MAJOR } from "../../scripts/check-node.mjs";

const root = path.resolve(import.meta.dirname, "../..");
const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));

/**
 * `npm ci --dry-run` in a copy of the checkout's manifest, lockfile and (when `npmrc`) .npmrc, with `engines`
 * raised past the running Node: the situation of an old Node, without needing one. Dry run and offline, so
 * nothing is fetched or written either way.
 */
function ciOnTooOldNode(npmrc: boolean) {
  const dir = mkdtempSync(path.join(tmpdir(), "podium-engine-"));
  const future = `>=${Number(process.versions.node.split(".")[0]) + 1}`;
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ ...manifest, engines: { node: future } }, null, 2));
  copyFileSync(path.join(root, "package-lock.json"), path.join(dir, "package-lock.json"));
  if (npmrc) copyFileSync(path.join(root, ".npmrc"), path.join(dir, ".npmrc"));
  const run = spawnSync("npm", ["ci", "--dry-run", "--offline", "--ignore-scripts", "--no-audit", "--no-fund"], {
    cwd: dir,
    encoding: "utf8",
    // Under `npm test`, npm passes its own configuration down as npm_config_* variables (engine-strict included).
    env: withoutNpmConfig(),
  });
  return { ...run, future, dir };
}

/** This process's environment without npm's npm_config_* variables. */
function withoutNpmConfig(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (/^npm_config_/i.test(name)) delete env[name];
  return env;
}

describe("npm conventions", () => {
  it("npm run dev is npm start", () => {
    expect(manifest.scripts.dev).toBe(manifest.scripts.start);
  });

  it("asks npm for the Node version the scripts check, strictly", () => {
    expect(manifest.engines.node).toBe(`>=${REQUIRED_NODE_MAJOR}`);
    expect(readFileSync(path.join(root, ".npmrc"), "utf8").split("\n")).toContain("engine-strict=true");
  });

  it("npm ci on a Node older than engines stops at once with EBADENGINE, the version needed and the one found", () => {
    const strict = ciOnTooOldNode(true);
    expect(strict.status).toBe(1);
    const lines = strict.stderr.split("\n");
    expect(lines[0]).toBe("npm error code EBADENGINE");
    expect(lines).toContain(`npm error notsup Required: {"node":"${strict.future}"}`);
    expect(strict.stderr).toContain(`"node":"v${process.versions.node}"`);
    expect(strict.stdout).not.toMatch(/^add /m);
    expect(existsSync(path.join(strict.dir, "node_modules"))).toBe(false);
    // Without the .npmrc, npm only warns and goes on to install.
    const lax = ciOnTooOldNode(false);
    expect(lax.stderr).toContain("npm warn EBADENGINE");
    expect(lax.stderr).not.toContain("npm error code EBADENGINE");
    expect(lax.stdout).toMatch(/^add /m);
  });

  it("the README quotes the message an old Node gets", () => {
    const readme = readFileSync(path.join(root, "README.md"), "utf8");
    expect(readme).toContain("npm error code EBADENGINE");
    expect(readme).toContain(`npm error notsup Required: {"node":">=${REQUIRED_NODE_MAJOR}"}`);
  });
});
