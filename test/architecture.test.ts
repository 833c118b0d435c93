/**
 * The import rules of ARCHITECTURE.md, checked on every source file: each folder imports only what its layer
 * may. A file's imports are read from its text (`import … from`, `export … from`, `import(…)`), resolved
 * relative to it, and judged by where they lead.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");

interface Import {
  file: string;
  /** The specifier as written. */
  spec: string;
  /** The repository path it resolves to (without extension), or the package name for a bare specifier. */
  target: string;
  typeOnly: boolean;
}

const IMPORTS = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^"';]*?\sfrom\s+)?"([^"]+)"|import\(\s*"([^"]+)"\s*\)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(relative);
    return /\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [relative] : [];
  });
}

function importsOf(file: string): Import[] {
  const text = readFileSync(path.join(root, file), "utf8");
  return [...text.matchAll(IMPORTS)].map((m) => {
    const spec = (m[3] ?? m[4]) as string;
    const target = spec.startsWith(".") ? path.normalize(path.join(path.dirname(file), spec)) : packageOf(spec);
    return { file, spec, target, typeOnly: m[2] !== undefined };
  });
}

/** `drizzle-orm/d1` → `drizzle-orm`, `@hono/zod-openapi` → `@hono/zod-openapi`, `hono/factory` → `hono`. */
function packageOf(spec: string): string {
  const parts = spec.split("/");
  return spec.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] as string);
}

const under = (target: string, folder: string) => target === folder || target.startsWith(`${folder}/`);

/** Every import of the files under `folder` that breaks `allowed`, as `file → spec` lines. */
function violations(folder: string, allowed: (i: Import) => boolean): string[] {
  return sourceFiles(folder)
    .flatMap(importsOf)
    .filter((i) => !allowed(i))
    .map((i) => `${i.file} → ${i.spec}`);
}

/** Libraries without I/O that domain/ may use: zod (the results file the CLI reads too) and d3-dsv (the seed CSV). */
const PURE = new Set(["zod", "d3-dsv"]);
/** The server's frameworks, which nothing the browser or the CLI runs may import. */
const SERVER = new Set(["hono", "@hono/zod-openapi", "drizzle-orm"]);

describe("import rules", () => {
  it("reads the imports it judges, relative ones resolved, packages by name, type-only ones marked", () => {
    const found = importsOf("worker/index.ts");
    expect(found.map((i) => i.target)).toEqual(
      expect.arrayContaining(["worker/edge/configure", "worker/routes/api", "web/pages/docs"]),
    );
    expect(found.find((i) => i.target === "web/pages/docs")?.typeOnly).toBe(true);
    expect(importsOf("worker/store/db.ts").map((i) => i.target)).toEqual(["drizzle-orm"]);
  });

  it("domain/ is pure: it imports only domain/ and two pure libraries, no Hono, D1, drizzle or DOM", () => {
    expect(violations("worker/domain", (i) => under(i.target, "worker/domain") || PURE.has(i.target))).toEqual([]);
    const dom = sourceFiles("worker/domain").filter((f) =>
      /\b(document|window|localStorage)\.|\bD1Database\b/.test(readFileSync(path.join(root, f), "utf8")),
    );
    expect(dom).toEqual([]);
  });

  it("store/ imports only domain/ and drizzle: no Hono, no HTTP error, no use case", () => {
    expect(
      violations(
        "worker/store",
        (i) => under(i.target, "worker/store") || under(i.target, "worker/domain") || i.target === "drizzle-orm",
      ),
    ).toEqual([]);
  });

  it("adapters/ import only domain/ and each other", () => {
    expect(
      violations("worker/adapters", (i) => under(i.target, "worker/adapters") || under(i.target, "worker/domain")),
    ).toEqual([]);
  });

  it("use-cases/ call the store, the adapters and domain/, never Hono or the edge", () => {
    const layers = ["worker/use-cases", "worker/store", "worker/domain", "worker/adapters", "worker/schemas"];
    expect(violations("worker/use-cases", (i) => layers.some((l) => under(i.target, l)))).toEqual([]);
  });

  it("schemas/ are zod over domain/; store rows only as types", () => {
    expect(
      violations(
        "worker/schemas",
        (i) =>
          under(i.target, "worker/schemas") ||
          under(i.target, "worker/domain") ||
          i.target === "@hono/zod-openapi" ||
          i.target === "zod" ||
          (under(i.target, "worker/store") && i.typeOnly),
      ),
    ).toEqual([]);
  });

  it("routes/ import no drizzle and no store: they call use cases", () => {
    expect(violations("worker/routes", (i) => i.target !== "drizzle-orm" && !under(i.target, "worker/store"))).toEqual(
      [],
    );
  });

  it("API routes render no HTML: they import nothing from web/ (the page routes do)", () => {
    expect(violations("worker/routes/api", (i) => !under(i.target, "web"))).toEqual([]);
  });

  it("the edge imports no route", () => {
    expect(violations("worker/edge", (i) => !under(i.target, "worker/routes"))).toEqual([]);
  });

  it("web/ renders from domain/ and schema types: no store, drizzle, Hono or server layer", () => {
    const layers = ["worker/store", "worker/edge", "worker/routes", "worker/use-cases", "worker/adapters"];
    expect(
      violations(
        "web",
        (i) =>
          !SERVER.has(i.target) &&
          !layers.some((l) => under(i.target, l)) &&
          (!under(i.target, "worker/schemas") || i.typeOnly),
      ),
    ).toEqual([]);
  });

  it("cli/ imports domain/ only, and bench/ never a route", () => {
    expect(violations("cli", (i) => !i.target.startsWith("worker/") || under(i.target, "worker/domain"))).toEqual([]);
    expect(violations("bench", (i) => !under(i.target, "worker/routes"))).toEqual([]);
  });
});
