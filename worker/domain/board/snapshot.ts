/**
 * The board's read model as columns, in one self-describing buffer (issue 15). For the publish and island code:
 *
 * - `encodeSnapshot(rows)` → `Uint8Array`; `decodeSnapshot(bytes)` → `Board` (typed-array views into those bytes,
 *   no per-row objects; throws `SnapshotError` on a truncated, corrupted or foreign buffer, never half-reads one);
 *   `boardOf(rows)` is both at once. `boardLength(board)`, `rowAt(board, i)` (one `CompactRow`, exactly the row
 *   encoded: `rowAt(decodeSnapshot(encodeSnapshot(rows)), i)` deep-equals `rows[i]`) and `boardRows(board)` (every
 *   row, for the few consumers that need them all). Treat `Board` as opaque; the engine reads its columns.
 * - Format 1, little-endian. A header of u32 words: magic `PDSN`, format version, byte length, checksum (FNV-1a
 *   over the u32 words after it), row count, section count, then a (type, element count) pair per section; then
 *   the sections in the fixed order of `layout` below, each padded to 8 bytes so a Float64Array can view it.
 *   A change to that order or to what a section means bumps `FORMAT`: an old reader refuses a new buffer.
 * - A number column is either Float64 (NaN for null) or, when it has few distinct values, a u8/u16 index into a
 *   Float64 dictionary. A text column is an index per row (0 for null, k for entry k−1; u8, u16 or u32 by the
 *   table's size) into a table of distinct strings kept as one UTF-8 blob with offsets, so 100,000 model ids are
 *   not 100,000 JS strings. Evaluation ids are split at `_` and each part interned (seeded ids repeat the model,
 *   precision and revision). Dates are text columns too: a few thousand distinct days, each stored once.
 * - Two values are left out when they follow from others exactly (checked bitwise at encode time): the average
 *   when it is the mean of the six normalized scores, and the SEs when they are the seeded binomial estimate of
 *   the raw scores (statistics.ts `seededScoreError`). A bit per row says so; otherwise the value is stored.
 *
 * Free of Node APIs: the browser island decodes it too.
 */
import { BENCHMARK_KEYS } from "../benchmarks";
import type { CiSource } from "../statistics";
import { seededScoreError } from "../statistics";
import type { ModelType, Precision, WeightType } from "../vocabulary";
import { FLAG, FLAG_KEYS, type FlagKey, flagFields } from "./flags";
import type { CompactRow } from "./query";

export { FLAG };

const MAGIC = 0x4e534450;
const FORMAT = 1;
const HEADER_WORDS = 6;
const BENCHMARKS = BENCHMARK_KEYS.length;

/** A buffer that is not a whole snapshot of this format. */
export class SnapshotError extends Error {}

type Index = Uint8Array | Uint16Array | Uint32Array;
type Section = Index | Float64Array;

const TYPES = [Uint8Array, Uint16Array, Uint32Array, Float64Array] as const;

/** Distinct strings as one UTF-8 blob: entry k is `bytes[offsets[k], offsets[k + 1])`. */
export interface Table {
  offsets: Uint32Array;
  bytes: Uint8Array;
}
/** A text column: per row 0 for null or 1 + its entry in `table`. */
export interface TextColumn {
  index: Index;
  table: Table;
}
/** A number column: Float64 per row, or an index per row into `values`; NaN is null. */
export interface NumberColumn {
  values: Float64Array;
  index: Index | null;
}
/** Evaluation ids: row r's parts are `parts[starts[r], starts[r + 1])`, entries of `table`, joined with `_`. */
interface IdColumn {
  starts: Uint32Array;
  parts: Uint32Array;
  table: Table;
}

export const TEXT_COLUMNS = [
  "model",
  "revision",
  "type",
  "architecture",
  "license",
  "precision",
  "weightType",
  "baseModel",
  "uploadDate",
  "submissionDate",
  "flagReason",
  "ciSource",
] as const;
export type TextKey = (typeof TEXT_COLUMNS)[number];
const NUMBER_COLUMNS = ["params", "likes", "generation", "co2", "average", "seEstimated"] as const;
export type NumberKey = (typeof NUMBER_COLUMNS)[number];
const SCORE_COLUMNS = ["raw", "normalized", "se", "seRaw"] as const;
export type ScoreKey = (typeof SCORE_COLUMNS)[number];

export interface Columns {
  rows: number;
  id: IdColumn;
  /** Row indices ordered by id (JavaScript string order): binary search finds an id. */
  idOrder: Uint32Array;
  text: Record<TextKey, TextColumn>;
  number: Record<NumberKey, NumberColumn>;
  /** Per benchmark, BENCHMARK_KEYS order. */
  score: Record<ScoreKey, NumberColumn[]>;
  flags: Uint16Array;
}

/**
 * The board: columns, and for a board that is a subset of another (the verified rows), the row of `columns` each
 * of its rows is. Immutable; the engine caches its per-board work against the object.
 */
export interface Board {
  readonly length: number;
  readonly columns: Columns;
  readonly base: Uint32Array | null;
}

const utf8 = new TextEncoder();
const text = new TextDecoder();

// ---- encoding

class Interner {
  readonly ids = new Map<string, number>();
  readonly entries: string[] = [];
  add(value: string): number {
    let k = this.ids.get(value);
    if (k === undefined) {
      k = this.entries.length;
      this.ids.set(value, k);
      this.entries.push(value);
    }
    return k;
  }
}

function indexFor(size: number, length: number): Index {
  return size < 2 ** 8 ? new Uint8Array(length) : size < 2 ** 16 ? new Uint16Array(length) : new Uint32Array(length);
}

function tableOf(entries: readonly string[]): [Uint32Array, Uint8Array] {
  const encoded = entries.map((e) => utf8.encode(e));
  const offsets = new Uint32Array(encoded.length + 1);
  for (let k = 0; k < encoded.length; k++) offsets[k + 1] = (offsets[k] as number) + (encoded[k] as Uint8Array).length;
  const bytes = new Uint8Array(offsets[encoded.length] as number);
  encoded.forEach((e, k) => {
    bytes.set(e, offsets[k] as number);
  });
  return [offsets, bytes];
}

function encodeText(values: readonly (string | null)[]): Section[] {
  const interner = new Interner();
  const keys = values.map((v) => (v === null ? 0 : interner.add(v) + 1));
  const index = indexFor(interner.entries.length + 1, values.length);
  index.set(keys);
  return [index, ...tableOf(interner.entries)];
}

/** A key that tells −0 from 0 (a Map does not) and holds NaN once. */
const numberKey = (v: number): number | string => (Object.is(v, -0) ? "-0" : v);

function encodeNumbers(values: readonly number[]): Section[] {
  const dictionary = new Map<number | string, number>();
  const distinct: number[] = [];
  for (const v of values) {
    const key = numberKey(v);
    if (dictionary.has(key)) continue;
    if (distinct.length === 2 ** 16) return [Float64Array.from(values)];
    dictionary.set(key, distinct.length);
    distinct.push(v);
  }
  const index = indexFor(distinct.length, values.length);
  if (index.BYTES_PER_ELEMENT * values.length + 8 * distinct.length >= 8 * values.length) {
    return [Float64Array.from(values)];
  }
  values.forEach((v, i) => {
    index[i] = dictionary.get(numberKey(v)) as number;
  });
  return [index, Float64Array.from(distinct)];
}

const orNaN = (v: number | null | undefined): number => (v === null || v === undefined ? Number.NaN : v);

/** The average a row's normalized scores give (null when one is missing), as the seed and ingest compute it. */
function meanOf(normalized: readonly (number | null)[]): number | null {
  let sum = 0;
  for (const v of normalized) {
    if (v === null) return null;
    sum += v;
  }
  return sum / normalized.length;
}

function sameNumber(a: number | null, b: number | null): boolean {
  return a === null || b === null ? a === b : Object.is(a, b);
}

function errorsAreSeeded(r: CompactRow): boolean {
  for (let b = 0; b < BENCHMARKS; b++) {
    const e = seededScoreError(b, r.raw[b] ?? null);
    if (!sameNumber(e?.se ?? null, r.se[b] ?? null) || !sameNumber(e?.seRaw ?? null, r.seRaw[b] ?? null)) return false;
  }
  return true;
}

/** The board's rows as one snapshot buffer (format above). */
export function encodeSnapshot(rows: readonly CompactRow[]): Uint8Array {
  const n = rows.length;
  const sections: Section[] = [];
  const parts = new Interner();
  const starts = new Uint32Array(n + 1);
  const partList: number[] = [];
  rows.forEach((r, i) => {
    for (const part of r.id.split("_")) partList.push(parts.add(part));
    starts[i + 1] = partList.length;
  });
  sections.push(starts, Uint32Array.from(partList), ...tableOf(parts.entries));
  const idOrder = Uint32Array.from(rows.keys());
  idOrder.sort((a, b) => compareText((rows[a] as CompactRow).id, (rows[b] as CompactRow).id));
  sections.push(idOrder);
  for (const key of TEXT_COLUMNS) sections.push(...encodeText(rows.map((r) => r[key])));
  const flags = new Uint16Array(n);
  const averageDerived = rows.map((r) => sameNumber(meanOf(r.normalized), r.average));
  const errorsDerived = rows.map(errorsAreSeeded);
  for (const key of NUMBER_COLUMNS) {
    sections.push(
      ...encodeNumbers(
        rows.map((r, i) =>
          key === "average" && averageDerived[i] ? Number.NaN : orNaN(r[key as keyof CompactRow] as number | null),
        ),
      ),
    );
  }
  for (const key of SCORE_COLUMNS) {
    const derived = key === "se" || key === "seRaw";
    for (let b = 0; b < BENCHMARKS; b++) {
      sections.push(
        ...encodeNumbers(rows.map((r, i) => (derived && errorsDerived[i] ? Number.NaN : orNaN(r[key][b])))),
      );
    }
  }
  rows.forEach((r, i) => {
    let bits = 0;
    for (const key of FLAG_KEYS) if (r[key]) bits |= FLAG[key];
    if (averageDerived[i]) bits |= FLAG.averageDerived;
    if (errorsDerived[i]) bits |= FLAG.errorsDerived;
    flags[i] = bits;
  });
  sections.push(flags);
  return pack(n, sections);
}

const padded = (bytes: number) => Math.ceil(bytes / 8) * 8;

function pack(rows: number, sections: readonly Section[]): Uint8Array {
  const headerBytes = padded(4 * (HEADER_WORDS + 2 * sections.length));
  const total = sections.reduce((sum, s) => sum + padded(s.byteLength), headerBytes);
  const out = new Uint8Array(total);
  const words = new Uint32Array(out.buffer);
  words.set([MAGIC, FORMAT, total, 0, rows, sections.length]);
  let at = headerBytes;
  sections.forEach((s, k) => {
    words[HEADER_WORDS + 2 * k] = TYPES.findIndex((T) => s instanceof T);
    words[HEADER_WORDS + 2 * k + 1] = s.length;
    out.set(new Uint8Array(s.buffer, s.byteOffset, s.byteLength), at);
    at += padded(s.byteLength);
  });
  words[3] = checksum(words);
  return out;
}

/** FNV-1a over the u32 words after the checksum's own. */
function checksum(words: Uint32Array): number {
  let h = 0x811c9dc5;
  for (let i = 4; i < words.length; i++) h = Math.imul(h ^ (words[i] as number), 0x01000193);
  return h >>> 0;
}

// ---- decoding

/** `s` as an index section of `length` entries, each below `size`. */
function checked(s: Section, length: number, size: number): Index {
  if (s instanceof Float64Array || s.length !== length) throw new SnapshotError("snapshot index section is malformed");
  for (let i = 0; i < s.length; i++)
    if ((s[i] as number) >= size) throw new SnapshotError("snapshot index out of range");
  return s;
}

/** Reads the sections in order, refusing any that is not of the type the layout expects. */
class Reader {
  private k = 0;
  constructor(
    private readonly sections: readonly Section[],
    readonly rows: number,
  ) {}
  private next(): Section {
    const s = this.sections[this.k++];
    if (!s) throw new SnapshotError("snapshot has fewer sections than its format");
    return s;
  }
  index(length: number, size: number): Index {
    return checked(this.next(), length, size);
  }
  words(length: number, size: number): Uint32Array {
    const s = this.index(length, size);
    if (!(s instanceof Uint32Array)) throw new SnapshotError("snapshot section is not u32");
    return s;
  }
  table(): Table {
    const offsets = this.next();
    const bytes = this.next();
    if (!(offsets instanceof Uint32Array) || !(bytes instanceof Uint8Array) || offsets.length === 0) {
      throw new SnapshotError("snapshot table is malformed");
    }
    for (let k = 1; k < offsets.length; k++) {
      if ((offsets[k] as number) < (offsets[k - 1] as number)) throw new SnapshotError("snapshot table is malformed");
    }
    if (offsets[0] !== 0 || offsets[offsets.length - 1] !== bytes.length) {
      throw new SnapshotError("snapshot table is malformed");
    }
    return { offsets, bytes };
  }
  text(): TextColumn {
    const index = this.next();
    const table = this.table();
    return { index: checked(index, this.rows, table.offsets.length), table };
  }
  numbers(): NumberColumn {
    const first = this.next();
    if (first instanceof Float64Array) {
      if (first.length !== this.rows) throw new SnapshotError("snapshot number column is malformed");
      return { values: first, index: null };
    }
    const values = this.next();
    if (!(values instanceof Float64Array)) throw new SnapshotError("snapshot dictionary is malformed");
    return { values, index: checked(first, this.rows, values.length) };
  }
  flags(): Uint16Array {
    const s = this.next();
    if (!(s instanceof Uint16Array) || s.length !== this.rows) throw new SnapshotError("snapshot flags are malformed");
    return s;
  }
  end(): void {
    if (this.k !== this.sections.length) throw new SnapshotError("snapshot has more sections than its format");
  }
}

/** The board a snapshot holds, as views into `bytes` (copied once only if they are not 8-byte aligned). */
export function decodeSnapshot(input: Uint8Array): Board {
  const bytes = input.byteOffset % 8 === 0 ? input : input.slice();
  if (bytes.byteLength < 4 * HEADER_WORDS || bytes.byteLength % 8 !== 0) throw new SnapshotError("not a snapshot");
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  if (words[0] !== MAGIC) throw new SnapshotError("not a snapshot");
  if (words[1] !== FORMAT) throw new SnapshotError(`snapshot format ${words[1]}, this code reads ${FORMAT}`);
  if (words[2] !== bytes.byteLength) throw new SnapshotError("snapshot is truncated");
  if (words[3] !== checksum(words)) throw new SnapshotError("snapshot checksum does not match");
  const rows = words[4] as number;
  const count = words[5] as number;
  const headerBytes = padded(4 * (HEADER_WORDS + 2 * count));
  if (headerBytes > bytes.byteLength) throw new SnapshotError("snapshot is truncated");
  const sections: Section[] = [];
  let at = bytes.byteOffset + headerBytes;
  for (let k = 0; k < count; k++) {
    const T = TYPES[words[HEADER_WORDS + 2 * k] as number];
    const length = words[HEADER_WORDS + 2 * k + 1] as number;
    if (!T) throw new SnapshotError("snapshot section type is unknown");
    const size = length * T.BYTES_PER_ELEMENT;
    if (at + size > bytes.byteOffset + bytes.byteLength) throw new SnapshotError("snapshot is truncated");
    sections.push(new T(bytes.buffer as ArrayBuffer, at, length));
    at += padded(size);
  }
  const read = new Reader(sections, rows);
  const starts = read.words(rows + 1, Number.MAX_SAFE_INTEGER);
  const parts = read.words(starts[rows] as number, Number.MAX_SAFE_INTEGER);
  const idTable = read.table();
  for (let i = 0; i < parts.length; i++) {
    if ((parts[i] as number) >= idTable.offsets.length - 1) throw new SnapshotError("snapshot index out of range");
  }
  for (let r = 0; r < rows; r++) {
    if ((starts[r + 1] as number) <= (starts[r] as number)) throw new SnapshotError("snapshot id column is malformed");
  }
  const idOrder = read.words(rows, rows);
  const textColumns = {} as Record<TextKey, TextColumn>;
  for (const key of TEXT_COLUMNS) textColumns[key] = read.text();
  const numberColumns = {} as Record<NumberKey, NumberColumn>;
  for (const key of NUMBER_COLUMNS) numberColumns[key] = read.numbers();
  const score = {} as Record<ScoreKey, NumberColumn[]>;
  for (const key of SCORE_COLUMNS) score[key] = BENCHMARK_KEYS.map(() => read.numbers());
  const flags = read.flags();
  read.end();
  return {
    length: rows,
    base: null,
    columns: {
      rows,
      id: { starts, parts, table: idTable },
      idOrder,
      text: textColumns,
      number: numberColumns,
      score,
      flags,
    },
  };
}

/** The board of these rows: `decodeSnapshot(encodeSnapshot(rows))`. */
export function boardOf(rows: readonly CompactRow[]): Board {
  return decodeSnapshot(encodeSnapshot(rows));
}

// ---- reading

export function boardLength(board: Board): number {
  return board.length;
}

/** The row of the columns that row `i` of the board is. */
export function baseRow(board: Board, i: number): number {
  return board.base ? (board.base[i] as number) : i;
}

/** Tables this small (types, precisions, licenses, days…) are decoded once, when first read. */
const SMALL_TABLE = 4096;
const decodedTables = new WeakMap<Table, string[]>();

export function entryText(table: Table, k: number): string {
  const entries = table.offsets.length - 1;
  if (entries > SMALL_TABLE) return decodeEntry(table, k);
  let decoded = decodedTables.get(table);
  if (!decoded) {
    decoded = Array.from({ length: entries }, (_, e) => decodeEntry(table, e));
    decodedTables.set(table, decoded);
  }
  return decoded[k] as string;
}

function decodeEntry(table: Table, k: number): string {
  const start = table.offsets[k] as number;
  const end = table.offsets[k + 1] as number;
  const { bytes } = table;
  // Most ids are ASCII: a char code per byte is several times faster than a TextDecoder call on a short string.
  for (let i = start; i < end; i++) if ((bytes[i] as number) >= 0x80) return text.decode(bytes.subarray(start, end));
  return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
}

/** Every entry of a table, in entry order. */
export function tableTexts(table: Table): string[] {
  const out = new Array<string>(table.offsets.length - 1);
  for (let k = 0; k < out.length; k++) out[k] = entryText(table, k);
  return out;
}

/** A text column's value on row `j` of the columns; null when it has none. */
export function textAt(column: TextColumn, j: number): string | null {
  const k = column.index[j] as number;
  return k === 0 ? null : entryText(column.table, k - 1);
}

/** A number column's value on row `j` of the columns; NaN when null. */
export function numberAt(column: NumberColumn, j: number): number {
  return column.index ? (column.values[column.index[j] as number] as number) : (column.values[j] as number);
}

export function idAt(columns: Columns, j: number): string {
  const { starts, parts, table } = columns.id;
  let out = "";
  for (let p = starts[j] as number; p < (starts[j + 1] as number); p++) {
    out += (p > (starts[j] as number) ? "_" : "") + entryText(table, parts[p] as number);
  }
  return out;
}

export function averageAt(columns: Columns, j: number): number {
  if (((columns.flags[j] as number) & FLAG.averageDerived) === 0) return numberAt(columns.number.average, j);
  let sum = 0;
  for (let b = 0; b < BENCHMARKS; b++) sum += numberAt(columns.score.normalized[b] as NumberColumn, j);
  return sum / BENCHMARKS;
}

/** Row `j`'s SEs on one scale, BENCHMARK_KEYS order, null where it has none. */
export function errorsAt(columns: Columns, j: number, scale: "se" | "seRaw"): (number | null)[] {
  const out = new Array<number | null>(BENCHMARKS);
  const seeded = ((columns.flags[j] as number) & FLAG.errorsDerived) !== 0;
  for (let b = 0; b < BENCHMARKS; b++) {
    if (seeded) {
      const e = seededScoreError(b, nullable(numberAt(columns.score.raw[b] as NumberColumn, j)));
      out[b] = e ? e[scale] : null;
    } else out[b] = nullable(numberAt(columns.score[scale][b] as NumberColumn, j));
  }
  return out;
}

const nullable = (v: number): number | null => (Number.isNaN(v) ? null : v);

/** Row `i` of the board as the row it was encoded from. */
export function rowAt(board: Board, i: number): CompactRow {
  const c = board.columns;
  const j = baseRow(board, i);
  const t = (key: TextKey) => textAt(c.text[key], j);
  const num = (key: NumberKey) => nullable(numberAt(c.number[key], j));
  const scores = (key: "raw" | "normalized") => c.score[key].map((col) => nullable(numberAt(col, j)));
  const flags = c.flags[j] as number;
  const flag = (key: FlagKey) => (flags & FLAG[key]) !== 0;
  return {
    id: idAt(c, j),
    model: t("model") as string,
    revision: t("revision") as string,
    type: t("type") as ModelType,
    architecture: t("architecture"),
    params: num("params"),
    license: t("license"),
    likes: num("likes") as number,
    precision: t("precision") as Precision,
    weightType: t("weightType") as WeightType,
    ...flagFields(flag),
    baseModel: t("baseModel"),
    generation: num("generation") as number,
    uploadDate: t("uploadDate"),
    submissionDate: t("submissionDate"),
    co2: num("co2") as number,
    flagReason: t("flagReason"),
    average: nullable(averageAt(c, j)),
    raw: scores("raw"),
    normalized: scores("normalized"),
    se: errorsAt(c, j, "se"),
    seRaw: errorsAt(c, j, "seRaw"),
    seEstimated: num("seEstimated") as number,
    ciSource: t("ciSource") as CiSource | null,
  };
}

/** Every row of the board, materialized: for the consumers that hand the whole board on as objects. */
export function boardRows(board: Board): CompactRow[] {
  return Array.from({ length: board.length }, (_, i) => rowAt(board, i));
}

/** The board of the rows of `board` that `keep` admits, in order; `board` itself when it admits all. */
export function subBoard(board: Board, keep: (i: number) => boolean): Board {
  const picked: number[] = [];
  for (let i = 0; i < board.length; i++) if (keep(i)) picked.push(baseRow(board, i));
  if (picked.length === board.length) return board;
  return { length: picked.length, columns: board.columns, base: Uint32Array.from(picked) };
}

export function flagAt(board: Board, i: number, flag: number): boolean {
  return ((board.columns.flags[baseRow(board, i)] as number) & flag) !== 0;
}

/** JavaScript's string order, the one `idOrder` is sorted in. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The row of the columns with this evaluation id; undefined when none has it. */
export function findIdRow(columns: Columns, id: string): number | undefined {
  let lo = 0;
  let hi = columns.idOrder.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const j = columns.idOrder[mid] as number;
    const c = compareText(idAt(columns, j), id);
    if (c === 0) return j;
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return undefined;
}
