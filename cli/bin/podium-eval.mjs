#!/usr/bin/env node
// The `podium-eval` bin: loads the TypeScript client through tsx (installed by `npm ci`), so the client signs
// with the very module the Worker verifies with, without a build step.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../podium-eval.ts");
process.exitCode = await main(process.argv.slice(2), process.env, {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
});
