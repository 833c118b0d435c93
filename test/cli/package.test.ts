/**
 * The npm package of the Node client: `npm pack ./cli` builds it (prepack) from a checkout, and the tarball
 * installs offline into an empty folder (it has no dependencies) and runs there, far from the repository.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { root, startAppServer, type AppServer } from "../../scripts/app-server";
import { createEvaluator, notices, runProcess, writeJson } from "../support/evaluator-client";
import { harnessResults } from "../support/harness";

const cliPackage = (await import("../../cli/package.json")).default;
const folder = mkdtempSync(path.join(tmpdir(), "podium-eval-installed-"));
const npx = (args: string[], env: Record<string, string> = {}) =>
  runProcess("npx", ["--offline", "podium-eval", ...args], { cwd: folder, env });

describe("the podium-eval package", () => {
  let server: AppServer;
  let packed: { filename: string; files: Array<{ path: string }> };

  beforeAll(async () => {
    // From scratch, as on a clean clone: the bundle must come from the prepack script.
    rmSync(path.join(root, "cli/dist"), { recursive: true, force: true });
    const packDir = mkdtempSync(path.join(tmpdir(), "podium-eval-pack-"));
    const pack = await runProcess("npm", ["pack", "./cli", "--pack-destination", packDir, "--json"], { cwd: root });
    if (pack.code !== 0) throw new Error(`npm pack: ${pack.stderr}`);
    packed = JSON.parse(pack.stdout)[0];
    const install = await runProcess(
      "npm",
      ["install", "--offline", "--no-audit", "--no-fund", path.join(packDir, packed.filename)],
      { cwd: folder },
    );
    if (install.code !== 0) throw new Error(`npm install: ${install.stderr}`);
    server = await startAppServer({ seed: false });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("holds only the built client and its package.json, and declares no dependencies", () => {
    expect(packed.filename).toBe(`podium-eval-${cliPackage.version}.tgz`);
    expect(packed.files.map((f) => f.path).sort()).toEqual(["dist/podium-eval.mjs", "package.json"]);
    expect(cliPackage).not.toHaveProperty("dependencies");
    expect(cliPackage.bin).toEqual({ "podium-eval": "dist/podium-eval.mjs" });
  });

  it("runs from an empty folder: --help exits 0 with the usage, --version prints the version", async () => {
    const help = await npx(["--help"]);
    expect(help).toMatchObject({ code: 0, stderr: "" });
    expect(help.stdout).toMatch(/^podium-eval \S+: push lm-evaluation-harness results/);
    expect(help.stdout).toContain("3  the server was unreachable, or answered 5xx or 429, on every attempt");
    expect(await npx(["--version"])).toEqual({ code: 0, stdout: `${cliPackage.version}\n`, stderr: "" });
  });

  it("pushes a run to the app, and claim says nothing waits with exit 4", async () => {
    const evaluator = await createEvaluator(server.url, { name: "packed lab" });
    const file = writeJson(folder, "results.json", harnessResults({ model: "podium-pack/model-1b", sha: "c0ffee" }));
    const env = { PODIUM_URL: server.url, PODIUM_EVALUATOR: evaluator.id, PODIUM_EVALUATOR_SECRET: evaluator.secret! };
    const pushed = await npx(["push", file, "--hardware", "L4"], env);
    expect(pushed.code).toBe(0);
    expect(JSON.parse(pushed.stdout)).toMatchObject({
      model_id: "podium-pack/model-1b",
      revision: "c0ffee",
      status: "ranked",
      provenance: { hardware: { gpu: "L4", count: 1 }, signatureScheme: "v1" },
    });
    expect(notices(pushed.stderr)[0]).toBe(`${file}: model podium-pack/model-1b, revision c0ffee, precision bfloat16`);
    const model = await (await fetch(`${server.url}/api/v1/models/podium-pack/model-1b`)).json();
    expect(model).toMatchObject({ evaluations: [{ status: "ranked" }] });

    expect(await npx(["claim"], env)).toMatchObject({ code: 4, stdout: "" });
  });
});
