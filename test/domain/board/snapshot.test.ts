import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BENCHMARK_KEYS } from "../../../worker/domain/benchmarks";
import type { CompactRow } from "../../../worker/domain/board/query";
import {
  boardLength,
  boardOf,
  boardRows,
  decodeSnapshot,
  encodeSnapshot,
  rowAt,
  SnapshotBuilder,
  SnapshotError,
} from "../../../worker/domain/board/snapshot";
import {
  CI_SOURCES,
  errorArrays,
  seededErrorArrays,
  seededErrors,
  seededEstimatedMask,
  seededScoreError,
} from "../../../worker/domain/statistics";
import { MODEL_TYPES, PRECISIONS, WEIGHT_TYPES } from "../../../worker/domain/vocabulary";
import { demoData } from "../../support/demo";

// Any Unicode text (astral planes included), ids with the `_` the snapshot splits them at, and −0.
const anyText = fc.string({ unit: "binary", maxLength: 30 });
const text = fc.option(anyText, { nil: null });
const number = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, -0, 1, 7.242));
const score = fc.option(fc.oneof(fc.double({ min: 0, max: 100, noNaN: true }), fc.constant(-0)), { nil: null });
const unit = fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null });
const row: fc.Arbitrary<CompactRow> = fc.record({
  id: fc.oneof(
    anyText,
    fc.array(anyText, { maxLength: 5 }).map((parts) => parts.join("_")),
  ),
  model: anyText,
  revision: fc.oneof(anyText, fc.stringMatching(/^[0-9a-f]{40}$/)),
  type: fc.constantFrom(...MODEL_TYPES),
  architecture: text,
  params: fc.option(number, { nil: null }),
  license: text,
  likes: fc.oneof(fc.nat(), fc.integer()),
  precision: fc.constantFrom(...PRECISIONS),
  weightType: fc.constantFrom(...WEIGHT_TYPES),
  chatTemplate: fc.boolean(),
  merged: fc.boolean(),
  moe: fc.boolean(),
  flagged: fc.boolean(),
  official: fc.boolean(),
  available: fc.boolean(),
  baseModel: text,
  generation: fc.nat(),
  uploadDate: text,
  submissionDate: text,
  co2: number,
  flagReason: text,
  provisional: fc.boolean(),
  average: score,
  raw: fc.array(unit, { minLength: 6, maxLength: 6 }),
  normalized: fc.array(score, { minLength: 6, maxLength: 6 }),
  se: fc.array(score, { minLength: 6, maxLength: 6 }),
  seRaw: fc.array(unit, { minLength: 6, maxLength: 6 }),
  seEstimated: fc.integer({ min: 0, max: 63 }),
  ciSource: fc.option(fc.constantFrom(...CI_SOURCES), { nil: null }),
});
/** Rows whose errors are the seeded estimate and whose average is the mean, as most stored rows are. */
const seededRow = row.map((r) => {
  const complete = r.normalized.every((v) => v !== null);
  const sum = r.normalized.reduce<number>((s, v) => s + (v ?? 0), 0);
  return { ...r, ...seededErrorArrays(r.raw), average: complete ? sum / 6 : null };
});
/** Rows sharing values, so the dictionaries and string tables are exercised with repeats. */
const board = fc.oneof(
  fc.array(fc.oneof(row, seededRow), { maxLength: 25 }),
  fc
    .tuple(fc.array(fc.oneof(row, seededRow), { minLength: 1, maxLength: 4 }), fc.nat(60))
    .map(([rows, n]) => Array.from({ length: n }, (_, i) => rows[i % rows.length] as CompactRow)),
);

const roundTrip = (rows: readonly CompactRow[]) => {
  const decoded = decodeSnapshot(encodeSnapshot(rows));
  return Array.from({ length: boardLength(decoded) }, (_, i) => rowAt(decoded, i));
};

/** The final data's rows as the store loads them, built here from the seed without the snapshot's code. */
function seedRows(): CompactRow[] {
  const data = demoData();
  const models = new Map(data.models.map((m) => [m.id, m]));
  return data.evaluations.map((e) => {
    const m = models.get(e.modelId)!;
    return {
      id: `seed:${e.seedId}`,
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
      flagReason: m.flagged ? "flagged on the old leaderboard" : null,
      provisional: false,
      average: e.average,
      raw: BENCHMARK_KEYS.map((k) => e.scores[k].raw),
      normalized: BENCHMARK_KEYS.map((k) => e.scores[k].normalized),
      ...errorArrays(seededErrors(e.scores)),
    };
  });
}

describe("board snapshot", () => {
  it("gives back exactly the rows encoded: nulls, −0, any Unicode, repeats, the empty board", () => {
    fc.assert(
      fc.property(board, (rows) => {
        // toEqual compares numbers with Object.is: −0 must come back as −0.
        expect(roundTrip(rows)).toEqual(rows);
      }),
      { numRuns: 300 },
    );
    expect(roundTrip([])).toEqual([]);
  });

  it("gives back the real board of 4,576 rows exactly, smaller than its rows as JSON", () => {
    const rows = seedRows();
    const bytes = encodeSnapshot(rows);
    const decoded = decodeSnapshot(bytes);
    expect(boardLength(decoded)).toBe(4576);
    expect(boardRows(decoded)).toEqual(rows);
    expect(bytes.length).toBeLessThan(new TextEncoder().encode(JSON.stringify(rows)).length / 3);
  });

  it("views its columns in the buffer it was given rather than copying them per row", () => {
    const bytes = encodeSnapshot(seedRows().slice(0, 50));
    const decoded = decodeSnapshot(bytes);
    expect(decoded.columns.flags.buffer).toBe(bytes.buffer);
    expect(decoded.columns.score.raw[0]?.values.buffer).toBe(bytes.buffer);
    expect(decoded.columns.text.model.table.bytes.buffer).toBe(bytes.buffer);
  });

  it("decodes a snapshot that sits at an unaligned offset of a larger buffer", () => {
    const rows = seedRows().slice(0, 20);
    const bytes = encodeSnapshot(rows);
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    expect(boardRows(decodeSnapshot(shifted.subarray(3)))).toEqual(rows);
  });

  it("refuses every truncation, any flipped byte and a foreign buffer, never answering a partial board", () => {
    const bytes = encodeSnapshot(seedRows().slice(0, 40));
    fc.assert(
      fc.property(fc.nat(bytes.length - 1), (cut) => {
        expect(() => decodeSnapshot(bytes.slice(0, cut))).toThrow(SnapshotError);
      }),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(fc.nat(bytes.length - 1), fc.integer({ min: 1, max: 255 }), (at, flip) => {
        const broken = bytes.slice();
        broken[at] = (broken[at] as number) ^ flip;
        expect(() => decodeSnapshot(broken)).toThrow(SnapshotError);
      }),
      { numRuns: 200 },
    );
    expect(() => decodeSnapshot(new TextEncoder().encode(JSON.stringify({ rows: [] })))).toThrow(SnapshotError);
    expect(() => decodeSnapshot(new Uint8Array(64))).toThrow(SnapshotError);
    const future = bytes.slice();
    future[4] = 2;
    expect(() => decodeSnapshot(future)).toThrow(/format 2/);
  });

  it("boardOf is the round trip, one row at a time through rowAt", () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 10 }), (rows) => {
        const b = boardOf(rows);
        rows.forEach((r, i) => {
          expect(rowAt(b, i)).toEqual(r);
        });
      }),
    );
  });

  it("derives a seeded row's SEs per benchmark, and its estimated mask, exactly as seededErrorArrays does for the whole row", () => {
    fc.assert(
      fc.property(fc.array(unit, { minLength: 6, maxLength: 6 }), (raw) => {
        const whole = seededErrorArrays(raw);
        raw.forEach((v, b) => {
          const one = seededScoreError(b, v);
          expect(one?.se ?? null).toBe(whole.se[b]);
          expect(one?.seRaw ?? null).toBe(whole.seRaw[b]);
        });
        expect(seededEstimatedMask(raw)).toBe(whole.seEstimated);
        expect(whole.ciSource).toBe("estimated");
      }),
      { numRuns: 500 },
    );
  });
});

/** `rows` cut into consecutive pages at the given cut points (any sizes, empty pages included). */
function pages<T>(rows: readonly T[], cuts: readonly number[]): T[][] {
  const at = [0, ...cuts.map((c) => c % (rows.length + 1)).sort((a, b) => a - b), rows.length];
  return at.slice(1).map((end, k) => rows.slice(at[k], end));
}

/** The first byte at which two buffers differ (their shorter length when one is a prefix), −1 when equal. */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : Math.min(a.length, b.length);
}

const utf8 = new TextEncoder();
/** SQLite's text order: memcmp of the UTF-8 bytes. */
function sqliteText(a: string, b: string): number {
  const x = utf8.encode(a);
  const y = utf8.encode(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
  return x.length - y.length;
}
/** store/read/rank.ts's ORDER BY: average desc with NULL last, then model, precision and id ascending. */
function sqlOrder(a: CompactRow, b: CompactRow): number {
  if (a.average !== b.average) {
    if (a.average === null) return 1;
    if (b.average === null) return -1;
    return b.average - a.average;
  }
  return sqliteText(a.model, b.model) || sqliteText(a.precision, b.precision) || sqliteText(a.id, b.id);
}

// Hundreds of boards each: on a shared machine a property may take several seconds.
describe("snapshot builder", { timeout: 60_000 }, () => {
  it("fed the rows in pages of any sizes, gives byte for byte what encodeSnapshot gives for all of them", () => {
    fc.assert(
      fc.property(board, fc.array(fc.nat(), { maxLength: 8 }), (rows, cuts) => {
        const builder = new SnapshotBuilder();
        for (const page of pages(rows, cuts)) builder.add(page);
        expect(firstDifference(builder.finish(), encodeSnapshot(rows))).toBe(-1);
      }),
      { numRuns: 300 },
    );
  });

  it("in the canonical order, gives the snapshot of the rows sorted as SQL sorts them, whatever order they come in", () => {
    // Repeated rows tie on average, model and precision: only their (made unique) ids order them.
    const unique = board.map((rows) => rows.map((r, i) => ({ ...r, id: `${r.id}_${i}` })));
    const shuffled = unique.chain((rows) =>
      fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length })),
    );
    fc.assert(
      fc.property(shuffled, fc.array(fc.nat(), { maxLength: 8 }), ([rows, arrival], cuts) => {
        const builder = new SnapshotBuilder({ order: "canonical" });
        for (const page of pages(arrival, cuts)) builder.add(page);
        const bytes = builder.finish();
        expect(firstDifference(bytes, encodeSnapshot([...rows].sort(sqlOrder)))).toBe(-1);
        expect(boardRows(decodeSnapshot(bytes))).toEqual([...rows].sort(sqlOrder));
      }),
      { numRuns: 300 },
    );
  });

  it("encodes the real board into the bytes the encoder before the builder gave (SHA-256 recorded from it)", async () => {
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new Uint8Array(encodeSnapshot(seedRows()))));
    expect(Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("")).toBe(
      "9e0f1a61e42278bd1d499d206a36daf7d4d41468b1f0435450484fbfd503d059",
    );
  });

  it("is finished once: a second finish or a later page is refused", () => {
    const builder = new SnapshotBuilder().add(seedRows().slice(0, 3));
    builder.finish();
    expect(() => builder.finish()).toThrow(/already finished/);
    expect(() => builder.add([])).toThrow(/already finished/);
  });
});
