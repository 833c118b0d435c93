// Builds the browser bundle into dist/client (served by Workers Static Assets): the islands in web/islands,
// minified ES modules with content-hashed names, plus the files in web/public. Writes dist/client-manifest.json
// mapping each island to its hashed URL.
import { build } from "esbuild";
import { cp, mkdir, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const out = path.join(root, "dist/client");
await rm(out, { recursive: true, force: true });
await mkdir(path.join(out, "assets"), { recursive: true });
await cp(path.join(root, "web/public"), out, { recursive: true });

const islandDir = path.join(root, "web/islands");
const entries = (await readdir(islandDir).catch(() => []))
  .filter((f) => /\.tsx?$/.test(f))
  .map((f) => path.join(islandDir, f));

const manifest = {};
if (entries.length > 0) {
  const result = await build({
    entryPoints: entries,
    outdir: path.join(out, "assets"),
    entryNames: "[name]-[hash]",
    chunkNames: "chunk-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    minify: true,
    target: "es2022",
    jsx: "automatic",
    jsxImportSource: "preact",
    metafile: true,
    legalComments: "none",
    logLevel: "warning",
  });
  for (const [file, info] of Object.entries(result.metafile.outputs)) {
    if (!info.entryPoint) continue;
    const name = path.basename(info.entryPoint).replace(/\.tsx?$/, "");
    manifest[name] = `/${path.relative(out, path.join(root, file)).split(path.sep).join("/")}`;
  }
}
await writeFile(path.join(root, "dist/client-manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
