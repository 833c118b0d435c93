/**
 * Bench commands that also run on their own (bench/heap.ts, d1-costs.ts, island-data.ts), run by `npm run bench`
 * in a child process: each with its own Node flags and memory, so what one measures is not blurred by another's
 * garbage. The child writes its results as JSON to the file BENCH_RESULT_FILE names.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { root } from "../scripts/app-server";

/** In a command run by `runStep`: hands its results to the parent. Run alone, it does nothing. */
export function writeStepResult(value: unknown): void {
  const file = process.env.BENCH_RESULT_FILE;
  if (file) writeFileSync(file, JSON.stringify(value));
}

/** Runs `node [nodeFlags] --import tsx bench/<script> [args]` and answers the results it wrote. */
export function runStep<T>(
  script: string,
  options: { nodeFlags?: string[]; args?: string[]; env?: Record<string, string> } = {},
): T {
  const dir = mkdtempSync(path.join(tmpdir(), "podium-step-"));
  const file = path.join(dir, "result.json");
  try {
    const child = spawnSync(
      process.execPath,
      [...(options.nodeFlags ?? []), "--import", "tsx", path.join(root, "bench", script), ...(options.args ?? [])],
      // The child's tables go to this run's log, not its own printed report.
      { cwd: root, env: { ...process.env, ...options.env, BENCH_RESULT_FILE: file }, stdio: ["ignore", 2, 2] },
    );
    if (child.status !== 0) throw new Error(`bench/${script} exited with ${child.status ?? child.signal}`);
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
