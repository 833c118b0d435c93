/**
 * The island's slice of the board: what the browser needs to filter, sort, rank and render every default view, as
 * one little-endian binary buffer of columns (DataView), 141 KiB gzipped for the real 4,576-row board where the JSON
 * wire was 747 KB (BENCHMARKS.md "The island's data"). What it leaves out, and how the island gets it back:
 * - evaluation ids and revisions: a revision is 20 bytes no compressor shrinks (~90 KB gzipped at 4,576 rows) and
 *   no view shows either. A decoded row's id is a placeholder, `~` and its position among the real ids (the rows
 *   travel in id order, so placeholders sort as the ids do and the engine's id tie-break is the server's); its
 *   revision is "". The real ids, and the columns no default view shows (base model, dates, likes, generation),
 *   are the slice's rest (`sliceRest`), which the island fetches only for a view that needs it (`needsRest`).
 * - precision no figure depends on: each number column travels on a grid (raw values as the counts over their
 *   benchmark's items they are, or 1e-6; normalized scores 1e-4 points, averages 1e-5, CO₂ 1e-5 kg), as the
 *   difference from what columns already sent predict (a single task's normalized score from its raw value, an
 *   average from the scores), except values whose shown text the grid would change or that it would tie with
 *   another: those travel exactly, so every sort orders rows as the server does. Views that average a subset of
 *   the benchmarks rank on sums of the rounded scores, which can move a rank range's end by one: the island asks
 *   the server for those (`answersLocally`). test/domain/board/slice.test.ts holds the island's answers to the
 *   server's over the real board.
 * - standard errors that are the seeded estimate of the raw values: the decoded board derives them from the raw
 *   values as a snapshot does (`FLAG.errorsDerived`); any other row's errors travel exactly.
 *
 * `decodeSlice` builds the board's columns (domain/board/snapshot.ts) straight from the slice's, with no row
 * objects and no snapshot encoder in the island's code; `withRest` swaps the rest's columns in. What the island
 * decides before it holds a slice is in ./slice-views.ts.
 */
import { BENCHMARKS } from "../benchmarks";
import { normalize } from "../normalize";
import { CI_SOURCES, seededEstimatedMask } from "../statistics";
import { MODEL_TYPES, PRECISIONS, WEIGHT_TYPES } from "../vocabulary";
import { FLAG, FLAG_KEYS } from "./flags";
import type { CompactRow } from "./query";
import { PLACEHOLDER_PREFIX, type SliceRest } from "./slice-views";
import {
  type Board,
  compareText,
  idColumnsOf,
  type NumberColumn,
  type TextColumn,
  tableOf,
  textColumn,
  textColumnOf,
} from "./snapshot";
import { seeded } from "./wire";

/**
 * The slice's layout version. Its URL names it (worker/routes/api/leaderboard.ts), since a browser keeps a slice
 * for a year: a deploy that changes the layout moves every slice to a new URL, and the header's magic ("PDS" and
 * the version) refuses bytes of another layout.
 */
export const SLICE_FORMAT = 2;
const MAGIC = 0x00534450 | ((0x30 + SLICE_FORMAT) << 24); // "PDS2"
const NONE = -0x80000000;

/**
 * How a number column is sent: on a grid of `1 / scale`, except the values whose shown text the grid would change,
 * or that it would merge with another value (a tie the server does not have): those travel exactly.
 */
interface Grid {
  scale: number;
  shown(v: number): string;
}
const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
const lcm = (a: number, b: number) => (a / gcd(a, b)) * b;
const shownPercent = (v: number) => (v * 100).toFixed(2);
/**
 * A benchmark's raw values: a single task's accuracy is a count over its items, IFEval's the mean of two such
 * (prompts and instructions), so their grid is the items themselves and a value decodes as the fraction it is
 * (within 1e-15 of the stored one); a mean over subtasks of different sizes has no such grid.
 */
const RAW: Grid[] = BENCHMARKS.map((b) => {
  const counts = Object.values(b.itemCounts);
  if (b.aggregation.kind === "single") return { scale: b.items, shown: shownPercent };
  if (b.aggregation.kind === "metric-mean" && counts.length === 2) {
    return { scale: 2 * (counts[0] as number) * (counts[1] as number), shown: shownPercent };
  }
  // A mean over subtasks is a count over the least common multiple of their sizes (MuSR: 3 × 32,000), when small.
  const sizes = b.aggregation.kind === "subtask-mean" ? b.aggregation.subtasks.map((t) => b.itemCounts[t.task]) : [];
  const multiple = sizes.reduce<number>((m, c) => (c === undefined ? Number.POSITIVE_INFINITY : lcm(m, c)), 1);
  const scale = sizes.length * multiple;
  return { scale: sizes.length > 0 && scale <= 1e6 ? scale : 1e6, shown: shownPercent };
});
const SCORE: Grid = { scale: 1e4, shown: (v) => v.toFixed(2) };
const AVERAGE: Grid = { scale: 1e5, shown: (v) => v.toFixed(2) };
const CO2: Grid = { scale: 1e5, shown: (v) => v.toFixed(2) };
const TEXTS = ["architecture", "license", "flagReason"] as const;

/** The normalized score the raw value alone gives, where the benchmark's normalization needs nothing else. */
function predicted(benchmark: number, raw: number | null): number | null {
  const aggregation = BENCHMARKS[benchmark]?.aggregation;
  if (raw === null || !aggregation) return null;
  if (aggregation.kind === "single") return normalize(raw, aggregation.baseline);
  if (aggregation.kind === "metric-mean") return raw * 100;
  return null;
}

const quantize = (v: number | null, scale: number) => (v === null ? NONE : Math.round(v * scale));

/**
 * Writes a column as grid steps minus the steps `predict` gives from columns already written (0 where it gives
 * nothing), then the values sent exactly; returns the column as the decoder will read it.
 */
function writeColumn(
  w: Writer,
  values: readonly (number | null)[],
  grid: Grid,
  predict: (i: number) => number | null = () => null,
): (number | null)[] {
  const steps = values.map((v) => quantize(v, grid.scale));
  const byStep = new Map<number, Set<number>>();
  values.forEach((v, i) => {
    if (v === null) return;
    const same = byStep.get(steps[i] as number) ?? new Set<number>();
    byStep.set(steps[i] as number, same.add(v));
  });
  const exact = values.flatMap((v, i) => {
    if (v === null) return [];
    const q = steps[i] as number;
    const merged = (byStep.get(q) as Set<number>).size > 1;
    return merged || grid.shown(q / grid.scale) !== grid.shown(v) || !Number.isSafeInteger(q) ? [i] : [];
  });
  const exactAt = new Set(exact);
  const sent = values.map((v, i) => {
    const q = steps[i] as number;
    const p = exactAt.has(i) ? NONE : quantize(predict(i), grid.scale);
    return v === null ? NONE : exactAt.has(i) ? 0 : p === NONE ? q : q - p;
  });
  w.column(sent);
  const decoded = values.map((v, i) => (v === null ? null : exactAt.has(i) ? v : (steps[i] as number) / grid.scale));
  w.i32(exact.length);
  for (const i of exact) {
    w.i32(i);
    w.f64(values[i] as number);
  }
  return decoded;
}

function readColumn(r: Reader, n: number, grid: Grid, predict: (i: number) => number | null = () => null) {
  const steps = r.column(n);
  const out = new Array<number | null>(n);
  for (let i = 0; i < n; i++) {
    const q = steps[i] as number;
    if (q === NONE) {
      out[i] = null;
      continue;
    }
    const p = quantize(predict(i), grid.scale);
    out[i] = (p === NONE ? q : q + p) / grid.scale;
  }
  for (let k = r.i32(); k > 0; k--) out[r.i32()] = r.f64();
  return out;
}

/** The mean a row's average is predicted from: its normalized scores', null when one is missing. */
function meanOf(values: readonly (number | null)[]): number | null {
  let sum = 0;
  for (const v of values) {
    if (v === null) return null;
    sum += v;
  }
  return values.length ? sum / values.length : null;
}

/** How many UTF-16 code units `a` and `b` begin with alike (a cut inside a surrogate pair rejoins exactly). */
function sharedPrefix(a: string, b: string): number {
  let k = 0;
  while (k < a.length && k < b.length && a.charCodeAt(k) === b.charCodeAt(k)) k++;
  return k;
}

/** Rows in the order of their ids: the slice's order, and what the placeholder ids encode. */
function byId(rows: readonly CompactRow[]): CompactRow[] {
  return [...rows].sort((a, b) => compareText(a.id, b.id));
}

class Writer {
  private bytes = new Uint8Array(1 << 16);
  private view = new DataView(this.bytes.buffer);
  length = 0;
  private room(n: number) {
    if (this.length + n <= this.bytes.length) return;
    const next = new Uint8Array(Math.max(this.bytes.length * 2, this.length + n));
    next.set(this.bytes);
    this.bytes = next;
    this.view = new DataView(next.buffer);
  }
  u8(v: number) {
    this.room(1);
    this.view.setUint8(this.length++, v);
  }
  i32(v: number) {
    this.check(v);
    this.room(4);
    this.view.setInt32(this.length, v, true);
    this.length += 4;
  }
  /** A column of 32-bit integers as four byte planes, lowest first: small values leave whole planes of zeros. */
  column(values: readonly number[]) {
    for (const v of values) this.check(v);
    this.room(4 * values.length);
    for (let plane = 0; plane < 4; plane++) {
      for (const v of values) this.bytes[this.length++] = (v >>> (8 * plane)) & 0xff;
    }
  }
  private check(v: number) {
    if (!Number.isSafeInteger(v) || v < NONE || v > 0x7fffffff) throw new Error(`slice: ${v} does not fit 32 bits`);
  }
  f64(v: number | null) {
    this.room(8);
    this.view.setFloat64(this.length, v ?? Number.NaN, true);
    this.length += 8;
  }
  raw(b: Uint8Array) {
    this.room(b.length);
    this.bytes.set(b, this.length);
    this.length += b.length;
  }
  done(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}

class Reader {
  private readonly view: DataView;
  at = 0;
  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  u8() {
    return this.view.getUint8(this.at++);
  }
  i32() {
    const v = this.view.getInt32(this.at, true);
    this.at += 4;
    return v;
  }
  f64(): number | null {
    const v = this.view.getFloat64(this.at, true);
    this.at += 8;
    return Number.isNaN(v) ? null : v;
  }
  raw(n: number) {
    const out = this.bytes.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }
  column(n: number): Int32Array {
    const out = new Int32Array(n);
    const b = this.bytes;
    const at = this.at;
    for (let i = 0, j = at; i < n; i++, j++) {
      out[i] =
        (b[j] as number) |
        ((b[j + n] as number) << 8) |
        ((b[j + 2 * n] as number) << 16) |
        ((b[j + 3 * n] as number) << 24);
    }
    this.at += 4 * n;
    return out;
  }
}

function indexIn(list: readonly string[], value: string): number {
  const i = list.indexOf(value);
  if (i < 0) throw new Error(`slice: ${value} is not in the vocabulary`);
  return i;
}

/** The island's slice of `rows`, in the order of their ids (the placeholders of `decodeSlice` follow it). */
export function encodeSlice(board: readonly CompactRow[]): Uint8Array {
  const rows = byId(board);
  const n = rows.length;
  // Two tables: model ids (one a row, mostly) apart from the few labels, whose indices then fit a byte.
  const models = [...new Set(rows.map((r) => r.model))].sort(compareText);
  const labels = [...new Set(rows.flatMap((r) => TEXTS.map((f) => r[f]).filter((v): v is string => v !== null)))].sort(
    compareText,
  );
  const modelAt = new Map(models.map((s, i) => [s, i]));
  const labelAt = new Map(labels.map((s, i) => [s, i + 1]));
  const model = (r: CompactRow) => modelAt.get(r.model) as number;
  const label = (s: string | null) => (s === null ? 0 : (labelAt.get(s) as number));

  const w = new Writer();
  // Sorted ids share long prefixes (an org, a family): each travels as the length it shares with the one before
  // and the rest of it, the rests as one string of lines, which gzip packs tighter than the whole ids (about 3 KB
  // of the real board's 36 KB). JSON keeps any text exact.
  const shared = models.map((m, i) => (i === 0 ? 0 : sharedPrefix(models[i - 1] as string, m)));
  const rests = models.map((m, i) => m.slice(shared[i]).replaceAll("\\", "\\\\").replaceAll("\n", "\\n"));
  // Sizes are filtered on with any bound, so they travel exactly: a few hundred distinct values, each once, as
  // JSON numbers (the shortest text that reads back as the same double: half the gzipped bytes of float64s).
  const sizes = [...new Set(rows.flatMap((r) => (r.params === null ? [] : [r.params])))].sort((a, b) => a - b);
  const sizeAt = new Map(sizes.map((v, i) => [v, i + 1]));
  const json = new TextEncoder().encode(JSON.stringify([rests.join("\n"), labels, sizes]));
  w.i32(MAGIC);
  w.i32(n);
  w.i32(json.length);
  w.raw(json);
  w.column(shared);
  // The model column as differences: rows in id order mostly follow model order, so most differences are 1.
  w.column(rows.map((r, i) => model(r) - (i === 0 ? 0 : model(rows[i - 1] as CompactRow))));
  for (const f of TEXTS) w.column(rows.map((r) => label(r[f])));
  for (const r of rows) w.u8(indexIn(MODEL_TYPES, r.type));
  for (const r of rows) w.u8(indexIn(PRECISIONS, r.precision));
  for (const r of rows) w.u8(indexIn(WEIGHT_TYPES, r.weightType));
  for (const r of rows) w.u8(FLAG_KEYS.reduce((bits, f, i) => bits | (r[f] ? 1 << i : 0), 0));
  w.column(rows.map((r) => (r.params === null ? 0 : (sizeAt.get(r.params) as number))));
  writeColumn(
    w,
    rows.map((r) => r.co2),
    CO2,
  );
  const raws = BENCHMARKS.map((_, b) =>
    writeColumn(
      w,
      rows.map((r) => r.raw[b] ?? null),
      RAW[b] as Grid,
    ),
  );
  const normalized = BENCHMARKS.map((_, b) =>
    writeColumn(
      w,
      rows.map((r) => r.normalized[b] ?? null),
      SCORE,
      (i) => predicted(b, raws[b]?.[i] ?? null),
    ),
  );
  writeColumn(
    w,
    rows.map((r) => r.average),
    AVERAGE,
    (i) => meanOf(normalized.map((c) => c[i] ?? null)),
  );
  const exact = rows.flatMap((r, i) => (seeded(r) ? [] : [i]));
  w.i32(exact.length);
  for (const i of exact) {
    const r = rows[i] as CompactRow;
    w.i32(i);
    for (const v of [...r.se, ...r.seRaw]) w.f64(v);
    w.i32(r.seEstimated);
    w.u8(r.ciSource === null ? 0 : CI_SOURCES.indexOf(r.ciSource) + 1);
  }
  return w.done();
}

/** The placeholder id of the row at `position` of a slice of `n` rows. */
function placeholder(position: number, n: number): string {
  return `${PLACEHOLDER_PREFIX}${String(position).padStart(String(n).length, "0")}`;
}

/** The bytes of a gzipped slice as the slice's URL serves it (DecompressionStream: the browser's, workerd's, Node's). */
export async function inflate(body: Blob): Promise<Uint8Array> {
  // The DOM and workers libraries type the stream's chunks apart; both are bytes.
  const gunzip = new DecompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>;
  return new Uint8Array(await new Response(body.stream().pipeThrough(gunzip)).arrayBuffer());
}

/** The board a slice holds, built straight into columns (no row objects); throws on bytes that are not one. */
export function decodeSlice(bytes: Uint8Array): Board {
  const r = new Reader(bytes);
  if (bytes.byteLength < 12 || r.i32() !== MAGIC) throw new Error("not a board slice");
  const n = r.i32();
  const [lines, labels, sizes] = JSON.parse(new TextDecoder().decode(r.raw(r.i32()))) as [string, string[], number[]];
  // No rows, no ids: the empty string is then no line at all.
  const unescaped = (l: string) => l.replace(/\\([\\n])/g, (_, c: string) => (c === "n" ? "\n" : "\\"));
  const suffixes = n === 0 ? [] : lines.split("\n").map(unescaped);
  const shared = r.column(suffixes.length);
  const modelTable: string[] = [];
  suffixes.forEach((rest, i) => {
    modelTable.push((i === 0 ? "" : (modelTable[i - 1] as string).slice(0, shared[i])) + rest);
  });
  const models = r.column(n);
  for (let i = 0; i < n; i++) models[i] = (models[i] as number) + (i === 0 ? 1 : (models[i - 1] as number));
  const labelTable = tableOf(labels);
  const [architecture, license, flagReason] = TEXTS.map(() => textColumn(labelTable, r.column(n)));
  // The vocabularies' indices, one byte a row, become text keys (0 is null) in place.
  const vocabulary = (entries: readonly string[]) => {
    const keys = r.raw(n).map((k) => k + 1);
    return textColumn(tableOf(entries), keys);
  };
  const type = vocabulary(MODEL_TYPES);
  const precision = vocabulary(PRECISIONS);
  const weightType = vocabulary(WEIGHT_TYPES);
  const flags = Uint16Array.from(r.raw(n));
  const params = Float64Array.from(r.column(n), (k) => (k === 0 ? Number.NaN : (sizes[k - 1] as number)));
  const co2 = readColumn(r, n, CO2);
  const raws = BENCHMARKS.map((_, b) => readColumn(r, n, RAW[b] as Grid));
  const normalized: (number | null)[][] = [];
  BENCHMARKS.forEach((_, b) => {
    normalized.push(readColumn(r, n, SCORE, (i) => predicted(b, raws[b]?.[i] ?? null)));
  });
  const averages = readColumn(r, n, AVERAGE, (i) => meanOf(normalized.map((c) => c[i] ?? null)));
  const errorColumns = () => BENCHMARKS.map(() => new Float64Array(n).fill(Number.NaN));
  const se = errorColumns();
  const seRaw = errorColumns();
  const exact = new Set<number>();
  const seEstimated = new Float64Array(n);
  const ciSource = new Uint8Array(n);
  for (let k = r.i32(); k > 0; k--) {
    const i = r.i32();
    exact.add(i);
    for (const column of [...se, ...seRaw]) column[i] = r.f64() ?? Number.NaN;
    seEstimated[i] = r.i32();
    ciSource[i] = r.u8();
  }
  // The other rows' errors are the seeded estimate of their raw values, which the board derives when read.
  const estimated = CI_SOURCES.indexOf("estimated") + 1;
  // One row's raw values, refilled per row: the decode runs on a phone, so no array is built per row.
  const rowRaw: (number | null)[] = raws.map(() => null);
  for (let i = 0; i < n; i++) {
    if (exact.has(i)) continue;
    for (let b = 0; b < raws.length; b++) rowRaw[b] = (raws[b] as (number | null)[])[i] ?? null;
    flags[i] = (flags[i] as number) | FLAG.errorsDerived;
    seEstimated[i] = seededEstimatedMask(rowRaw);
    ciSource[i] = estimated;
  }
  const column = (values: readonly (number | null)[]): NumberColumn => ({
    values: Float64Array.from(values, (v) => v ?? Number.NaN),
    index: null,
  });
  const none = textColumn(tableOf([]), new Uint8Array(n));
  return {
    length: n,
    base: null,
    columns: {
      rows: n,
      ...idColumnsOf(Array.from({ length: n }, (_, i) => placeholder(i, n))),
      text: {
        model: textColumn(tableOf(modelTable), models),
        revision: textColumn(tableOf([""]), new Uint8Array(n).fill(1)),
        type,
        architecture: architecture as TextColumn,
        license: license as TextColumn,
        precision,
        weightType,
        baseModel: none,
        uploadDate: none,
        submissionDate: none,
        flagReason: flagReason as TextColumn,
        ciSource: textColumn(tableOf(CI_SOURCES), ciSource),
      },
      number: {
        params: { values: params, index: null },
        likes: { values: new Float64Array(n), index: null },
        generation: { values: new Float64Array(n), index: null },
        co2: column(co2),
        average: column(averages),
        seEstimated: { values: seEstimated, index: null },
      },
      score: {
        raw: raws.map(column),
        normalized: normalized.map(column),
        se: se.map((values) => ({ values, index: null })),
        seRaw: seRaw.map((values) => ({ values, index: null })),
      },
      flags,
    },
  };
}

export function sliceRest(board: readonly CompactRow[]): SliceRest {
  const rows = byId(board);
  return {
    ids: rows.map((r) => r.id),
    baseModel: rows.map((r) => r.baseModel),
    uploadDate: rows.map((r) => r.uploadDate),
    submissionDate: rows.map((r) => r.submissionDate),
    likes: rows.map((r) => r.likes),
    generation: rows.map((r) => r.generation),
  };
}

/** The slice's board with the rest's columns in place of its placeholders; throws when `rest` is another board's. */
export function withRest(board: Board, rest: SliceRest): Board {
  const c = board.columns;
  if (rest.ids.length !== c.rows) throw new Error("the rest is not this slice's");
  return {
    length: board.length,
    base: board.base,
    columns: {
      ...c,
      ...idColumnsOf(rest.ids),
      text: {
        ...c.text,
        baseModel: textColumnOf(rest.baseModel),
        uploadDate: textColumnOf(rest.uploadDate),
        submissionDate: textColumnOf(rest.submissionDate),
      },
      number: {
        ...c.number,
        likes: { values: Float64Array.from(rest.likes), index: null },
        generation: { values: Float64Array.from(rest.generation), index: null },
      },
    },
  };
}
