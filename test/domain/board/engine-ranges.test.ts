import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BENCHMARK_KEYS, type BenchmarkKey } from "../../../worker/domain/benchmarks";
import { applyBoard, wholeBoardRange } from "../../../worker/domain/board/engine";
import { type BoardQuery, type CompactRow, defaultBoardQuery } from "../../../worker/domain/board/query";
import { boardOf as snapshotBoard } from "../../../worker/domain/board/snapshot";
import { MODEL_TYPES, type ModelType } from "../../../worker/domain/vocabulary";

/**
 * Views of random boards against statistics.md's rule applied pair by pair, O(N²), with nothing of the engine:
 * the ranking set is the whole board (static) or the rows passing the filter (dynamic); a row ranks when it has
 * the average being ranked and its SE; a pinned row outside the set is ranked as if it alone joined it.
 */
function referenceRanges(board: readonly CompactRow[], query: BoardQuery): Map<string, [number, number] | null> {
  const columns =
    query.average === "all" ? BENCHMARK_KEYS.map((_, i) => i) : query.benchmarks.map((k) => BENCHMARK_KEYS.indexOf(k));
  const stats = (r: CompactRow) => {
    const values = columns.map((c) => r.normalized[c]);
    const ses = columns.map((c) => r.se[c]);
    if (values.some((v) => v == null) || ses.some((s) => s == null)) return null;
    const mean = (values as number[]).reduce((a, b) => a + b, 0) / columns.length;
    const se = Math.sqrt((ses as number[]).reduce((a, s) => a + s * s, 0)) / columns.length;
    return { mean, se };
  };
  const passes = (r: CompactRow) => query.types.length === 0 || query.types.includes(r.type);
  const set = board
    .filter((r) => query.rank === "static" || passes(r))
    .flatMap((r) => {
      const s = stats(r);
      return s ? [{ id: r.id, ...s }] : [];
    });
  const ahead = (a: { mean: number; se: number }, b: { mean: number; se: number }) =>
    a.mean - b.mean > 1.96 * Math.sqrt(a.se * a.se + b.se * b.se);
  const out = new Map<string, [number, number] | null>();
  for (const r of board) {
    const s = stats(r);
    const inSet = set.some((m) => m.id === r.id);
    const asGuest = !inSet && query.pinned.includes(r.id);
    if (!s || (!inSet && !asGuest)) {
      out.set(r.id, null);
      continue;
    }
    const n = set.length + (asGuest ? 1 : 0);
    out.set(r.id, [1 + set.filter((m) => ahead(m, s)).length, n - set.filter((m) => ahead(s, m)).length]);
  }
  return out;
}

/** A row of the arbitrary board: scores on a coarse grid (so averages tie), SEs near the real ones, gaps. */
const rowArb = fc.record({
  type: fc.constantFrom<ModelType>(...MODEL_TYPES.slice(0, 3)),
  normalized: fc.array(fc.option(fc.integer({ min: 0, max: 40 }), { nil: null, freq: 12 }), {
    minLength: 6,
    maxLength: 6,
  }),
  se: fc.array(
    fc.option(fc.oneof(fc.constant(0), fc.double({ min: 0.3, max: 3, noNaN: true }), fc.constantFrom(0.5, 1, 1.5, 2)), {
      nil: null,
      freq: 20,
    }),
    { minLength: 6, maxLength: 6 },
  ),
});

function boardOf(
  specs: ReadonlyArray<{ type: ModelType; normalized: (number | null)[]; se: (number | null)[] }>,
): CompactRow[] {
  return specs.map((spec, i): CompactRow => {
    const complete = spec.normalized.every((v) => v != null);
    return {
      id: `e${i}`,
      model: `org/m${i}`,
      revision: "main",
      type: spec.type,
      architecture: null,
      params: 7,
      license: null,
      likes: 0,
      precision: "bfloat16",
      weightType: "Original",
      chatTemplate: false,
      merged: false,
      moe: false,
      flagged: false,
      flagReason: null,
      official: false,
      available: true,
      baseModel: null,
      generation: 0,
      uploadDate: null,
      submissionDate: null,
      co2: -1,
      provisional: false,
      average: complete ? (spec.normalized as number[]).reduce((a, b) => a + b, 0) / 6 : null,
      raw: spec.normalized.map((v) => (v == null ? null : v / 100)),
      normalized: spec.normalized,
      se: spec.se,
      seRaw: spec.se.map((v) => (v == null ? null : v / 100)),
      seEstimated: 0,
      ciSource: "harness",
    };
  });
}

const queryArb = (size: number) =>
  fc.record({
    rank: fc.constantFrom<BoardQuery["rank"]>("static", "dynamic"),
    average: fc.constantFrom<BoardQuery["average"]>("all", "visible"),
    benchmarks: fc.subarray([...BENCHMARK_KEYS] as BenchmarkKey[], { minLength: 1 }),
    types: fc.subarray([...MODEL_TYPES.slice(0, 3)] as ModelType[]),
    pinned: fc
      .uniqueArray(fc.nat({ max: Math.max(0, size - 1) }), { maxLength: 5 })
      .map((ids) => ids.map((i) => `e${i}`)),
  });

describe("rank ranges of board views", () => {
  for (const size of [1, 12, 80, 400]) {
    it(`equal the O(N²) reference on random boards of ${size} rows, both rank and average modes, pins included`, () => {
      fc.assert(
        fc.property(fc.array(rowArb, { minLength: size, maxLength: size }), queryArb(size), (specs, over) => {
          const board = boardOf(specs);
          const query: BoardQuery = { ...defaultBoardQuery(), ...over, limit: 10_000 };
          const want = referenceRanges(board, query);
          const got = applyBoard(snapshotBoard(board), query).rows;
          for (const entry of got) expect(entry.rankRange, entry.row.id).toEqual(want.get(entry.row.id));
          // Every row the view shows, pinned rows first; the reference knows them all.
          expect(got.length).toBeGreaterThanOrEqual(query.pinned.length);
        }),
        { numRuns: size > 100 ? 25 : 100, seed: 1306 + size },
      );
    });
  }

  it("ties a pinned row that fails the filter to the rows of the view it would join, by hand", () => {
    // Averages 30, 28, 20 with SE 1 each: the threshold is 1.96·√2 = 2.77, so 30 and 28 are tied, both ahead of 20.
    const board = boardOf([
      { type: "chat", normalized: [30, 30, 30, 30, 30, 30], se: [6, 0, 0, 0, 0, 0] },
      { type: "chat", normalized: [28, 28, 28, 28, 28, 28], se: [6, 0, 0, 0, 0, 0] },
      { type: "merge", normalized: [29, 29, 29, 29, 29, 29], se: [6, 0, 0, 0, 0, 0] },
      { type: "chat", normalized: [20, 20, 20, 20, 20, 20], se: [6, 0, 0, 0, 0, 0] },
    ]);
    const view = applyBoard(snapshotBoard(board), {
      ...defaultBoardQuery(),
      rank: "dynamic",
      types: ["chat"],
      pinned: ["e2"],
    }).rows;
    expect(view.map((r) => [r.row.id, r.averageSe, r.rankRange])).toEqual([
      ["e2", 1, [1, 3]],
      ["e0", 1, [1, 2]],
      ["e1", 1, [1, 2]],
      ["e3", 1, [3, 3]],
    ]);
    // Static: all four are the ranking set.
    const whole = applyBoard(snapshotBoard(board), { ...defaultBoardQuery(), pinned: ["e2"] }).rows;
    expect(whole.map((r) => r.rankRange)).toEqual([
      [1, 3],
      [1, 3],
      [1, 3],
      [4, 4],
    ]);
  });

  it("counts a provisional row in no range of the default board: the front view's and a model's are the verified rows'", () => {
    // Verified averages 30, 28, 20 (SE 1) and a provisional 29: with it 30, 29 and 28 are all tied, without it 30 and
    // 28 are tied at ranks 1–2 and 20 is third.
    const board = boardOf([
      { type: "chat", normalized: [30, 30, 30, 30, 30, 30], se: [6, 0, 0, 0, 0, 0] },
      { type: "chat", normalized: [28, 28, 28, 28, 28, 28], se: [6, 0, 0, 0, 0, 0] },
      { type: "chat", normalized: [29, 29, 29, 29, 29, 29], se: [6, 0, 0, 0, 0, 0] },
      { type: "chat", normalized: [20, 20, 20, 20, 20, 20], se: [6, 0, 0, 0, 0, 0] },
    ]).map((r) => (r.id === "e2" ? { ...r, provisional: true } : r));
    const all = applyBoard(snapshotBoard(board), { ...defaultBoardQuery(), verification: "all" }).rows;
    expect(all.map((r) => [r.row.id, r.rankRange])).toEqual([
      ["e0", [1, 3]],
      ["e2", [1, 3]],
      ["e1", [1, 3]],
      ["e3", [4, 4]],
    ]);
    const front = applyBoard(snapshotBoard(board), defaultBoardQuery()).rows;
    expect(front.map((r) => [r.row.id, r.rankRange])).toEqual([
      ["e0", [1, 2]],
      ["e1", [1, 2]],
      ["e3", [3, 3]],
    ]);
    expect(wholeBoardRange(snapshotBoard(board), "e0")).toEqual([1, 2]);
    expect(wholeBoardRange(snapshotBoard(board), "e2")).toBeNull();
  });
});
