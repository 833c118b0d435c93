/** BENCHMARKS.md holds sections that benchmark commands rewrite, each between its own pair of markers. */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { root } from "../scripts/app-server";

/** Replaces what lies between `<!-- bench:NAME:start -->` and `<!-- bench:NAME:end -->` in BENCHMARKS.md. */
export function writeBenchmarksSection(name: string, table: string): void {
  const file = path.join(root, "BENCHMARKS.md");
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const text = existsSync(file) ? readFileSync(file, "utf8") : `# Benchmarks\n\n${start}\n${end}\n`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`BENCHMARKS.md lacks the ${start} … ${end} markers`);
  writeFileSync(file, `${text.slice(0, from + start.length)}\n${table}\n${text.slice(to)}`);
}
