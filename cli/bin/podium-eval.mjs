#!/usr/bin/env node
// The `podium-eval` bin of a checkout: runs the TypeScript client through tsx (installed by `npm ci`), so the
// client signs with the very module the Worker verifies with, without a build step. `npm pack ./cli` builds
// the same client to plain JavaScript instead (cli/dist/podium-eval.mjs).
import { register } from "tsx/esm/api";

register();
await import("../run.ts");
