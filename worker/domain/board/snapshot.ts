/**
 * The board's read model as columns, in one self-describing buffer (issue 15). For the publish and island code:
 *
 * - `encodeSnapshot(rows)` → `Uint8Array`, or `new SnapshotBuilder()` fed `add(page)` then `finish()` for the same
 *   bytes without holding the rows (the publisher's paged build; `{ order: "canonical" }` sorts them as SQL does);
 *   `decodeSnapshot(bytes)` → `Board` (typed-array views into those bytes,
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
  clear(): void {
    this.ids.clear();
    this.entries.length = 0;
  }
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

/** Distinct strings as one table: entry k is `entries[k]`. */
export function tableOf(entries: readonly string[]): Table {
  const encoded = entries.map((e) => utf8.encode(e));
  const offsets = new Uint32Array(encoded.length + 1);
  for (let k = 0; k < encoded.length; k++) offsets[k + 1] = (offsets[k] as number) + (encoded[k] as Uint8Array).length;
  const bytes = new Uint8Array(offsets[encoded.length] as number);
  encoded.forEach((e, k) => {
    bytes.set(e, offsets[k] as number);
  });
  return { offsets, bytes };
}

/** A text column of `table` from per-row indices (0 null, k + 1 entry k), in the narrowest type that holds them. */
export function textColumn(table: Table, keys: ArrayLike<number>): TextColumn {
  const index = indexFor(table.offsets.length, keys.length);
  index.set(keys);
  return { index, table };
}

/** A text column of these values, each distinct string once in its table (by first appearance). */
export function textColumnOf(values: readonly (string | null)[]): TextColumn {
  const strings = new Interner();
  const keys = values.map((v) => (v === null ? 0 : strings.add(v) + 1));
  return textColumn(tableOf(strings.entries), keys);
}

/**
 * Evaluation ids for columns built in memory rather than decoded (the island's slice): each id one part, and the
 * rows in the ids' order.
 */
export function idColumnsOf(ids: readonly string[]): Pick<Columns, "id" | "idOrder"> {
  const n = ids.length;
  const idOrder = Uint32Array.from(ids.keys()).sort((a, b) => compareText(ids[a] as string, ids[b] as string));
  const starts = Uint32Array.from({ length: n + 1 }, (_, i) => i);
  return { id: { starts, parts: Uint32Array.from(ids.keys()), table: tableOf(ids) }, idOrder };
}

/** A key that tells −0 from 0 (a Map does not) and holds NaN once. */
const numberKey = (v: number): number | string => (Object.is(v, -0) ? "-0" : v);

function encodeNumbers(values: Float64Array): Section[] {
  const dictionary = new Map<number | string, number>();
  const distinct: number[] = [];
  for (const v of values) {
    const key = numberKey(v);
    if (dictionary.has(key)) continue;
    if (distinct.length === 2 ** 16) return [values];
    dictionary.set(key, distinct.length);
    distinct.push(v);
  }
  const index = indexFor(distinct.length, values.length);
  if (index.BYTES_PER_ELEMENT * values.length + 8 * distinct.length >= 8 * values.length) return [values];
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

const CHUNK_BITS = 12;
const CHUNK = 1 << CHUNK_BITS;

/**
 * Numbers appended in fixed chunks: growing never copies, and holds at most one chunk more than it uses. A chunk
 * whose values are all the default (NaN, a missing number; 0, a null key) is never allocated: seeded rows' SEs and
 * averages, derived and left out, cost nothing while the board is built.
 */
class Growing {
  private chunks: (Float64Array | Uint32Array | null)[] = [];
  private readonly empty: number;
  length = 0;
  constructor(private readonly wide: boolean) {
    this.empty = wide ? Number.NaN : 0;
  }
  push(v: number): void {
    const at = this.length & (CHUNK - 1);
    if (at === 0) this.chunks.push(null);
    const last = this.chunks.length - 1;
    let chunk = this.chunks[last] as Float64Array | Uint32Array | null;
    if (!chunk && !Object.is(v, this.empty)) {
      chunk = this.wide ? new Float64Array(CHUNK).fill(Number.NaN) : new Uint32Array(CHUNK);
      this.chunks[last] = chunk;
    }
    if (chunk) chunk[at] = v;
    this.length++;
  }
  at(i: number): number {
    const chunk = this.chunks[i >>> CHUNK_BITS];
    return chunk ? (chunk[i & (CHUNK - 1)] as number) : this.empty;
  }
  /** Value `order[i]` at `i`; the chunks are let go, so a finished column does not stay alive beside its section. */
  take(order: Uint32Array): Float64Array {
    const out = new Float64Array(order.length);
    order.forEach((j, i) => {
      out[i] = this.at(j);
    });
    this.release();
    return out;
  }
  release(): void {
    this.chunks = [];
  }
}

/**
 * SQLite's BINARY order (memcmp of UTF-8), which is code point order: UTF-16's code-unit order differs from it only
 * between a surrogate and U+E000–U+FFFF, so those two ranges swap places.
 */
function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}
const codePointRank = (c: number): number => (c >= 0xe000 ? c - 0x800 : c >= 0xd800 ? c + 0x2000 : c);

/**
 * The order of the snapshot's rows: as added, or the board's canonical order as the store's SQL sorts it
 * (store/read/rank.ts: average desc with nulls last, then model, precision and id in SQLite's text order), for rows
 * read in another order (the publisher reads D1 in pages by primary key).
 */
export type SnapshotOrder = "added" | "canonical";

/**
 * The snapshot built from rows given a page at a time: it keeps only column data (interned strings' keys and
 * numbers in chunked typed arrays, ~300 B a row), never the rows, so the publisher's peak is the columns and one
 * page, not the whole board as objects. `finish()` gives the bytes `encodeSnapshot` gives for the same rows in the
 * snapshot's order, and can be called once.
 */
export class SnapshotBuilder {
  private rows = 0;
  private finished = false;
  private readonly order: SnapshotOrder;
  /**
   * Every distinct string of every text column and id part, once: a revision is also a part of its id, a model id
   * the first. Each column's own table is drawn from it at finish().
   */
  private readonly strings = new Interner();
  private readonly partKeys = new Growing(false);
  private readonly starts = new Growing(false);
  /** Per text column and row, 0 for null or 1 + the entry of `strings`. */
  private readonly text = Object.fromEntries(TEXT_COLUMNS.map((key) => [key, new Growing(false)])) as Record<
    TextKey,
    Growing
  >;
  private readonly numbers = Object.fromEntries(NUMBER_COLUMNS.map((key) => [key, new Growing(true)])) as Record<
    NumberKey,
    Growing
  >;
  private readonly scores = Object.fromEntries(
    SCORE_COLUMNS.map((key) => [key, BENCHMARK_KEYS.map(() => new Growing(true))]),
  ) as Record<ScoreKey, Growing[]>;
  private readonly flags = new Growing(false);

  constructor(options: { order?: SnapshotOrder } = {}) {
    this.order = options.order ?? "added";
    this.starts.push(0);
  }

  add(rows: readonly CompactRow[]): this {
    if (this.finished) throw new Error("the snapshot is already finished");
    for (const r of rows) this.addRow(r);
    return this;
  }

  private addRow(r: CompactRow): void {
    // The columns' strings first: an id part found among them is not kept (a part is a slice of the whole id in
    // V8, and would keep the id's string alive).
    for (const key of TEXT_COLUMNS) {
      const value = r[key];
      this.text[key].push(value === null ? 0 : this.strings.add(value) + 1);
    }
    for (const part of r.id.split("_")) this.partKeys.push(this.strings.add(part));
    this.starts.push(this.partKeys.length);
    const averageDerived = sameNumber(meanOf(r.normalized), r.average);
    const errorsDerived = errorsAreSeeded(r);
    for (const key of NUMBER_COLUMNS) {
      this.numbers[key].push(key === "average" && averageDerived ? Number.NaN : orNaN(r[key]));
    }
    for (const key of SCORE_COLUMNS) {
      const derived = errorsDerived && (key === "se" || key === "seRaw");
      const columns = this.scores[key];
      for (let b = 0; b < BENCHMARKS; b++) (columns[b] as Growing).push(derived ? Number.NaN : orNaN(r[key][b]));
    }
    let bits = 0;
    for (const key of FLAG_KEYS) if (r[key]) bits |= FLAG[key];
    if (averageDerived) bits |= FLAG.averageDerived;
    if (errorsDerived) bits |= FLAG.errorsDerived;
    this.flags.push(bits);
    this.rows++;
  }

  /** The snapshot of every row added (format above). */
  finish(): Uint8Array {
    if (this.finished) throw new Error("the snapshot is already finished");
    this.finished = true;
    const n = this.rows;
    const ids = Array.from({ length: n }, (_, j) => this.idOf(j));
    const order = this.order === "canonical" ? this.canonicalOrder(ids) : Uint32Array.from(ids.keys());
    const sections: Section[] = this.idSections(order);
    const idOrder = Uint32Array.from(order.keys());
    idOrder.sort((a, b) => compareText(ids[order[a] as number] as string, ids[order[b] as number] as string));
    ids.length = 0;
    sections.push(idOrder);
    for (const key of TEXT_COLUMNS) sections.push(...this.textSections(key, order));
    // Every table is drawn: the strings need not stay beside the sections and the packed buffer.
    this.strings.clear();
    for (const key of NUMBER_COLUMNS) sections.push(...encodeNumbers(this.numbers[key].take(order)));
    for (const key of SCORE_COLUMNS)
      for (const column of this.scores[key]) sections.push(...encodeNumbers(column.take(order)));
    const flags = new Uint16Array(n);
    order.forEach((j, i) => {
      flags[i] = this.flags.at(j);
    });
    this.flags.release();
    sections.push(flags);
    return pack(n, sections);
  }

  private idOf(j: number): string {
    let id = "";
    const start = this.starts.at(j);
    const end = this.starts.at(j + 1);
    for (let p = start; p < end; p++)
      id += (p > start ? "_" : "") + (this.strings.entries[this.partKeys.at(p)] as string);
    return id;
  }

  private canonicalOrder(ids: readonly string[]): Uint32Array {
    const n = this.rows;
    const average = new Float64Array(n);
    const normalized = this.scores.normalized;
    for (let j = 0; j < n; j++) {
      if ((this.flags.at(j) & FLAG.averageDerived) === 0) average[j] = this.numbers.average.at(j);
      else {
        let sum = 0;
        for (let b = 0; b < BENCHMARKS; b++) sum += (normalized[b] as Growing).at(j);
        average[j] = sum / BENCHMARKS;
      }
    }
    const model = this.entryRanks("model");
    const precision = this.entryRanks("precision");
    const modelKeys = this.text.model;
    const precisionKeys = this.text.precision;
    const order = Uint32Array.from(ids.keys());
    return order.sort((a, b) => {
      const x = average[a] as number;
      const y = average[b] as number;
      const xNull = Number.isNaN(x);
      if (xNull !== Number.isNaN(y)) return xNull ? 1 : -1;
      if (!xNull && x !== y) return y > x ? 1 : -1;
      return (
        (model[modelKeys.at(a)] as number) - (model[modelKeys.at(b)] as number) ||
        (precision[precisionKeys.at(a)] as number) - (precision[precisionKeys.at(b)] as number) ||
        compareCodePoints(ids[a] as string, ids[b] as string)
      );
    });
  }

  /** Per key of a text column (0 null, first), its place in SQLite's order of the column's strings. */
  private entryRanks(key: TextKey): Uint32Array {
    const { entries } = this.strings;
    const keys = this.text[key];
    const used = new Uint8Array(entries.length + 1);
    for (let j = 0; j < this.rows; j++) used[keys.at(j)] = 1;
    const distinct: number[] = [];
    for (let k = 1; k < used.length; k++) if (used[k]) distinct.push(k);
    distinct.sort((a, b) => compareCodePoints(entries[a - 1] as string, entries[b - 1] as string));
    const ranks = new Uint32Array(entries.length + 1);
    distinct.forEach((k, pos) => {
      ranks[k] = pos + 1;
    });
    return ranks;
  }

  /** The id parts in `order`, interned again by first appearance there, as one pass over the rows numbers them. */
  private idSections(order: Uint32Array): Section[] {
    const fresh = new Int32Array(this.strings.entries.length).fill(-1);
    const entries: string[] = [];
    const starts = new Uint32Array(order.length + 1);
    const parts = new Uint32Array(this.partKeys.length);
    let w = 0;
    order.forEach((j, i) => {
      const end = this.starts.at(j + 1);
      for (let p = this.starts.at(j); p < end; p++) {
        const k = this.partKeys.at(p);
        if ((fresh[k] as number) < 0) {
          fresh[k] = entries.length;
          entries.push(this.strings.entries[k] as string);
        }
        parts[w++] = fresh[k] as number;
      }
      starts[i + 1] = w;
    });
    this.partKeys.release();
    this.starts.release();
    const table = tableOf(entries);
    return [starts, parts, table.offsets, table.bytes];
  }

  /** A text column in `order`, its table the strings it holds by first appearance there. */
  private textSections(key: TextKey, order: Uint32Array): Section[] {
    const keys = this.text[key];
    const fresh = new Int32Array(this.strings.entries.length + 1).fill(-1);
    fresh[0] = 0;
    const entries: string[] = [];
    const mapped = new Uint32Array(order.length);
    order.forEach((j, i) => {
      const k = keys.at(j);
      if ((fresh[k] as number) < 0) {
        entries.push(this.strings.entries[k - 1] as string);
        fresh[k] = entries.length;
      }
      mapped[i] = fresh[k] as number;
    });
    keys.release();
    const { index, table } = textColumn(tableOf(entries), mapped);
    return [index, table.offsets, table.bytes];
  }
}

/** The board's rows as one snapshot buffer (format above), in the order given. */
export function encodeSnapshot(rows: readonly CompactRow[]): Uint8Array {
  return new SnapshotBuilder().add(rows).finish();
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
