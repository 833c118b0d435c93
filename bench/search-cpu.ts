/**
 * Search CPU (issue 11): adversarial search texts, none longer than MAX_SEARCH_LENGTH, through exactly what the
 * Worker and the island run for a search (reading the query, which compiles it, then `applyBoard`), timed with
 * `process.cpuUsage` on the real board and on a 100,000-row synthetic one, against 50 ms and 200 ms. The fixed
 * patterns are the known worst cases; a seeded random search over nasty pieces looks for worse ones.
 * `npx tsx bench/search-cpu.ts` runs it alone and writes its section of BENCHMARKS.md (BENCH_WRITE_MD=0: not).
 */
import { errorArrays, seededErrors } from "../worker/domain/statistics";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { demoData } from "../scripts/app-server";
import { BENCHMARK_KEYS } from "../worker/domain/benchmarks";
import { applyBoard } from "../worker/domain/board/engine";
import { boardQueryFromParams } from "../worker/domain/board/params";
import { defaultBoardQuery, type CompactRow } from "../worker/domain/board/query";
import { type Board, boardOf } from "../worker/domain/board/snapshot";
import { MAX_CLAUSES, MAX_SEARCH_LENGTH, parseSearch } from "../worker/domain/search";
import type { SeedData } from "../worker/domain/seed";
import { writeBenchmarksSection } from "./benchmarks-md";
import { prng, syntheticBoard } from "./synthetic";

export interface SearchCost {
  search: string;
  /** Median CPU ms of the runs. */
  ms: number;
  /** Refused at parsing (a 400), rather than run. */
  refused: boolean;
}

export interface SearchCpuBoard {
  rows: number;
  limitMs: number;
  /** Every search measured on this board, dearest first. */
  costs: SearchCost[];
}

export interface SearchCpuResult {
  /** The issue's search as the very first of the process, before the JIT has seen the engine. */
  cold: SearchCost;
  boards: SearchCpuBoard[];
  /** Random candidates tried on the real board before the dearest were kept. */
  explored: number;
  /** Searches people type, for comparison. */
  typical: string[];
}

const repeatClauses = (clause: string, max = MAX_CLAUSES) => {
  const clauses: string[] = [];
  while (clauses.length < max && [...clauses, clause].join(";").length <= MAX_SEARCH_LENGTH) clauses.push(clause);
  return clauses.join(";");
};

/** The issue's search and the classic shapes of catastrophic backtracking, each at the size limits. */
const FIXED = [
  Array(11).fill(".{0,99}.{0,99}.{0,99}!").join(";"),
  Array.from({ length: 11 }, (_, i) => `.{0,99}.{0,99}.{0,${99 - i}}!`).join(";"),
  repeatClauses(".{0,99}.{0,99}!"),
  "(.|.)*!",
  ".*.*.*.*.*.*.*.*!",
  "(a+)+b",
  "(\\w+\\s?)+$",
  "([a-z]+)*!",
  "(.*a){12}x",
  "(a{1,9}){1,9}b",
  "[a-m].{10}!",
  "[a-m].{12}!",
  "[aeiou].{0,10}[0-9].{0,10}!",
  "\\b.{0,30}\\b.{0,30}\\b!",
  "^(.*-){6}!$",
  `(${Array(50).fill("[a-z]").join("")})!`,
  `${".".repeat(MAX_SEARCH_LENGTH - 1)}!`,
  repeatClauses("[a-m].{6}!"),
  repeatClauses(".@architecture:.*x$ @license:.*x$ @precision:.*x$ @type:.*!"),
  repeatClauses("a @architecture:a @license:a @precision:a @type:zz"),
  repeatClauses("-"),
  // Non-ASCII letters make the case folding look at every code unit, once.
  `${Array.from({ length: MAX_SEARCH_LENGTH / 2 }, (_, i) => String.fromCharCode(0x100 + 7 * i)).join(".")}!`,
  repeatClauses("[\\u0080-\\uffff]{0,9}!"),
];

/** What a typed search costs, for comparison. */
const TYPICAL = ["mistral", "llama.*7b", "^qwen/qwen2\\.5", "meta @architecture:llama; 7b @license:apache"];

const PIECES = [".", "[a-m]", "\\w", "[^-]", "\\d", "(a|b)", "x", "\\b", "(.|-)", "[0-9a-f]", "-", "(?:.*a)"];
const COUNTS = ["{0,99}", "{12}", "*", "+", "{0,20}", "?", "", "{3,9}", "{0,40}"];
const FIELDS = ["", "", "", " @architecture:", " @license:", " @type:"];

/** A random search of nasty pieces, clauses and field prefixes, cut to the length limit. */
function randomSearch(random: () => number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)] as T;
  const clauses: string[] = [];
  const count = 1 + Math.floor(random() * MAX_CLAUSES);
  for (let c = 0; c < count; c++) {
    let clause = "";
    const pieces = 1 + Math.floor(random() * 6);
    for (let p = 0; p < pieces; p++) clause += pick(PIECES) + pick(COUNTS);
    const field = pick(FIELDS);
    if (field) clause += `${field}${pick(PIECES)}${pick(COUNTS)}`;
    clauses.push(`${clause}!`);
  }
  return clauses.join(";").slice(0, MAX_SEARCH_LENGTH);
}

/** The rows the engine gets for a board, as the store would load them. */
export function compactRows(data: SeedData): CompactRow[] {
  const models = new Map(data.models.map((m) => [m.id, m]));
  return data.evaluations.map((e) => {
    const m = models.get(e.modelId);
    if (!m) throw new Error(`no model ${e.modelId}`);
    return {
      id: e.seedId,
      model: e.modelId,
      revision: e.revision,
      type: e.type,
      architecture: e.architecture,
      params: e.paramsBillions === null || e.paramsBillions < 0 ? null : e.paramsBillions,
      license: m.license,
      likes: m.likes,
      precision: e.precision,
      weightType: e.weightType,
      chatTemplate: e.chatTemplate,
      merged: m.merged,
      moe: m.moe,
      flagged: m.flagged,
      official: m.officialProvider,
      available: m.availableOnHub,
      baseModel: m.baseModel,
      generation: m.generation,
      uploadDate: m.uploadDate,
      submissionDate: e.submissionDate,
      co2: e.co2Kg,
      flagReason: null,
      provisional: false,
      average: e.average,
      raw: BENCHMARK_KEYS.map((k) => e.scores[k].raw),
      normalized: BENCHMARK_KEYS.map((k) => e.scores[k].normalized),
      ...errorArrays(seededErrors(e.scores)),
    };
  });
}

const cpuMs = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};

/** CPU ms of one search as a request runs it: the query read (parsing and compiling), then the engine. */
function once(rows: Board, search: string): { ms: number; refused: boolean } {
  // parseSearch remembers its last text: another one first, so every run compiles afresh.
  parseSearch("");
  const start = process.cpuUsage();
  const read = boardQueryFromParams(new URLSearchParams({ search }));
  if (read.ok) applyBoard(rows, read.query);
  return { ms: cpuMs(start), refused: !read.ok };
}

function cost(rows: Board, search: string, runs: number): SearchCost {
  const times: number[] = [];
  let refused = false;
  for (let i = 0; i < runs; i++) {
    const run = once(rows, search);
    times.push(run.ms);
    refused = run.refused;
  }
  times.sort((a, b) => a - b);
  return { search, ms: times[Math.floor(times.length / 2)] as number, refused };
}

/** Measures the fixed patterns and the dearest random ones on the real board and on 100,000 rows. */
export function measureSearchCpu(real: SeedData, log: (line: string) => void = () => {}): SearchCpuResult {
  const small = boardOf(compactRows(real));
  // The per-board caches (lower-cased ids, the canonical order) first: they are not the search's.
  applyBoard(small, defaultBoardQuery());
  const issue = FIXED[0] as string;
  const cold = { search: issue, ...once(small, issue) };
  // Then warm the engine, as an isolate or a page that has searched before is.
  for (const search of [...TYPICAL, ...FIXED]) once(small, search);

  // Model ids with dots are regular expressions: as many real ones as fit, the heaviest search a person types.
  const ids: string[] = [];
  for (const id of new Set(real.evaluations.map((e) => e.modelId))) {
    const fits = [...ids, id].join(";").length <= MAX_SEARCH_LENGTH && ids.length < MAX_CLAUSES;
    if (id.includes(".") && fits) ids.push(id);
  }
  const typical = [...TYPICAL, ids.join(";")];
  const random = prng(11);
  const explored = 300;
  log(`search CPU: ${explored} random searches on ${small.length} rows…`);
  const found: SearchCost[] = [];
  for (let i = 0; i < explored; i++) {
    const search = randomSearch(random);
    found.push({ search, ...once(small, search) });
  }
  found.sort((a, b) => b.ms - a.ms);
  const candidates = [...new Set([...FIXED, ...found.slice(0, 10).map((c) => c.search), ...typical])];

  const boards: SearchCpuBoard[] = [];
  for (const [rows, limitMs] of [
    [small, 50],
    [boardOf(compactRows(syntheticBoard(real, 100_000))), 200],
  ] as const) {
    log(`search CPU: ${candidates.length} searches on ${rows.length} rows…`);
    applyBoard(rows, defaultBoardQuery());
    // One untimed round first: the timed ones then see the same, settled JIT whatever their order.
    for (const search of candidates) once(rows, search);
    const costs = candidates.map((search) => cost(rows, search, 3));
    costs.sort((a, b) => b.ms - a.ms);
    boards.push({ rows: rows.length, limitMs, costs });
  }
  return { cold, boards, explored, typical };
}

const shown = (search: string) => {
  const text = search.length > 60 ? `${search.slice(0, 57)}… (${search.length} chars)` : search;
  return `\`${text.replace(/\|/g, "\\|").replace(/`/g, "'")}\``;
};

/** The section of BENCHMARKS.md: the worst search per board against its limit, then the dearest few. */
export function searchCpuMarkdown(r: SearchCpuResult): string {
  const lines = [
    "| Board | Limit | Worst search | CPU | |",
    "| ---: | ---: | --- | ---: | --- |",
    ...r.boards.map((b) => {
      const worst = b.costs[0] as SearchCost;
      const met = worst.ms <= b.limitMs ? "met" : "**missed**";
      const rows = `${b.rows.toLocaleString("en-US")} rows`;
      return `| ${rows} | ${b.limitMs} ms | ${shown(worst.search)} | ${worst.ms.toFixed(1)} ms | ${met} |`;
    }),
    "",
    `The issue's search as the first of a fresh process, before the JIT has compiled the engine: ` +
      `${r.cold.ms.toFixed(1)} ms on ${(r.boards[0]?.rows ?? 0).toLocaleString("en-US")} rows.`,
    "",
    `The dearest of ${r.boards[0]?.costs.length ?? 0} searches (${FIXED.length} fixed, the 10 dearest of ${r.explored} ` +
      `random ones, ${r.typical.length} typical), median CPU ms of 3 runs once warm (refused: answered 400 at parsing):`,
    "",
    `| Search | ${r.boards.map((b) => `${b.rows.toLocaleString("en-US")} rows`).join(" | ")} |`,
    `| --- | ${r.boards.map(() => "---:").join(" | ")} |`,
  ];
  // Dearest first by the larger share of its limit on either board.
  const share = (search: string) =>
    Math.max(...r.boards.map((b) => (b.costs.find((x) => x.search === search)?.ms ?? 0) / b.limitMs));
  const searches = [...new Set(r.boards.flatMap((b) => b.costs.map((c) => c.search)))];
  searches.sort((a, b) => share(b) - share(a));
  for (const search of searches.slice(0, 12)) {
    const cells = r.boards.map((b) => {
      const m = b.costs.find((x) => x.search === search);
      return m ? `${m.ms.toFixed(1)}${m.refused ? " (refused)" : ""}` : "–";
    });
    lines.push(`| ${shown(search)} | ${cells.join(" | ")} |`);
  }
  for (const search of r.typical) {
    const cells = r.boards.map((b) => b.costs.find((x) => x.search === search)?.ms.toFixed(1) ?? "–");
    lines.push(`| ${shown(search)} (typical) | ${cells.join(" | ")} |`);
  }
  return lines.join("\n");
}

if (import.meta.url === pathToFileURL(path.resolve(process.argv[1] ?? "")).href) {
  const started = new Date().toISOString();
  const load = os.loadavg()[0] ?? Number.NaN;
  const result = measureSearchCpu(demoData(), (line) => process.stderr.write(`${line}\n`));
  const run =
    `Run ${started} with \`npx tsx bench/search-cpu.ts\` (Node ${process.versions.node}, ${os.cpus().length} cores ` +
    `1-min load ${load.toFixed(2)} at the start; other work on the machine raises it).`;
  const table = `${run}\n\n${searchCpuMarkdown(result)}`;
  if (process.env.BENCH_WRITE_MD !== "0") writeBenchmarksSection("search-cpu", table);
  process.stdout.write(`${table}\n`);
}
