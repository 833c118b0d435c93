// Builds the packaged podium-eval (cli/dist/podium-eval.mjs): cli/run.ts with the domain code it imports, as one
// plain-JavaScript ES module for Node 18, with no runtime dependencies. Run by `npm pack ./cli` (prepack).
import { build } from "esbuild";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
await build({
  entryPoints: [path.join(root, "cli/run.ts")],
  outfile: path.join(root, "cli/dist/podium-eval.mjs"),
  bundle: true,
  platform: "node",
  target: "node18",
  format: "esm",
  minify: true,
  legalComments: "none",
  banner: { js: "#!/usr/bin/env node" },
  logLevel: "warning",
});
