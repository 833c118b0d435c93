import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BENCHMARK_KEYS, type BenchmarkKey } from "../../worker/domain/benchmarks";
import { averageError, seededErrors } from "../../worker/domain/statistics";
import { compare } from "../../worker/domain/statistics-compare";
import { rankRangeAt, rankRanges, type RankRanges, type RankRows } from "../../worker/domain/statistics-ranks";
import { demoData } from "../support/demo";

/**
 * statistics.md's rule pair by pair, O(N²): among the members with an average, j is ahead of i when
 * A_j − A_i > 1.96·sqrt(SE_i² + SE_j²); a guest is ranked among the members alone, N + 1 rows.
 */
function reference(members: RankRows, guests: RankRows): { members: RankRanges; guests: RankRanges } {
  const ranked = (rows: RankRows) => [...rows.averages.keys()].filter((i) => !Number.isNaN(rows.averages[i]));
  const ids = ranked(members);
  const ahead = (aj: number, sj: number, ai: number, si: number) => aj - ai > 1.96 * Math.sqrt(si * si + sj * sj);
  const of = (rows: RankRows, n: number): RankRanges => {
    const best = new Uint32Array(rows.averages.length);
    const worst = new Uint32Array(rows.averages.length);
    for (const i of ranked(rows)) {
      const [ai, si] = [rows.averages[i]!, rows.ses[i]!];
      best[i] = 1 + ids.filter((j) => ahead(members.averages[j]!, members.ses[j]!, ai, si)).length;
      worst[i] = n - ids.filter((j) => ahead(ai, si, members.averages[j]!, members.ses[j]!)).length;
    }
    return { best, worst };
  };
  return { members: of(members, ids.length), guests: of(guests, ids.length + 1) };
}

const rowsOf = (pairs: Array<[number, number]>): RankRows => ({
  averages: Float64Array.from(pairs, (p) => p[0]),
  ses: Float64Array.from(pairs, (p) => p[1]),
});

function expectSame(members: RankRows, guests: RankRows) {
  const got = rankRanges(members, guests);
  const want = reference(members, guests);
  expect(Array.from(got.members.best)).toEqual(Array.from(want.members.best));
  expect(Array.from(got.members.worst)).toEqual(Array.from(want.members.worst));
  expect(Array.from(got.guests.best)).toEqual(Array.from(want.guests.best));
  expect(Array.from(got.guests.worst)).toEqual(Array.from(want.guests.worst));
}

/** A seeded random board: averages on the real board's scale, SEs near the real ones, a share of ties. */
function randomBoard(size: number, seed: number): RankRows {
  const rng = fc.sample(
    fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })),
    {
      numRuns: size,
      seed,
    },
  );
  return rowsOf(rng.map(([u, v], i) => [i % 7 === 0 ? Math.round(u * 60) : u * 60, i % 5 === 0 ? 0.6 : 0.4 + v * 0.5]));
}

describe("rank ranges", () => {
  it("follow the rule on a board small enough to check by hand", () => {
    // Threshold between two rows of SE 0.5: 1.96·sqrt(0.5) = 1.386: 50 and 49 are tied, both ahead of 40.
    const members = rowsOf([
      [50, 0.5],
      [49, 0.5],
      [40, 0.5],
      [Number.NaN, 0.5],
    ]);
    const guests = rowsOf([
      [45, 0.5],
      [51, 0.5],
      [Number.NaN, Number.NaN],
    ]);
    const { members: m, guests: g } = rankRanges(members, guests);
    expect([0, 1, 2, 3].map((i) => rankRangeAt(m, i))).toEqual([[1, 2], [1, 2], [3, 3], null]);
    // Among 4 rows: 45 is behind 50 and 49 and ahead of 40; 51 is tied with 50 and ahead of 49 and 40.
    expect([0, 1, 2].map((i) => rankRangeAt(g, i))).toEqual([[3, 3], [1, 2], null]);
  });

  it("equal the O(N²) reference on random boards with ties, equal and zero SEs, nulls and guests", () => {
    const average = fc.oneof(
      fc.integer({ min: 0, max: 12 }).map((n) => n * 2.5),
      fc.double({ min: -5, max: 80, noNaN: true }),
      fc.constant(Number.NaN),
    );
    const se = fc.oneof(fc.constant(0), fc.constant(0.7), fc.double({ min: 0, max: 4, noNaN: true }));
    const rows = (min: number, max: number) =>
      fc.array(fc.tuple(average, se), { minLength: min, maxLength: max }).map(rowsOf);
    fc.assert(
      fc.property(rows(0, 300), rows(0, 6), (members, guests) => expectSame(members, guests)),
      { numRuns: 300 },
    );
    // Past ~600 rows the set is split into several SE buckets, and zero or equal SEs straddle their bounds.
    fc.assert(
      fc.property(rows(600, 2_500), rows(0, 40), (members, guests) => expectSame(members, guests)),
      { numRuns: 25 },
    );
  });

  it("tie a board of equal averages all together, with zero SEs or not", () => {
    for (const ses of [[0], [0.5], [0, 0.3, 0.9]]) {
      const board = rowsOf(Array.from({ length: 3_000 }, (_, i) => [30, ses[i % ses.length]!]));
      const { best, worst } = rankRanges(board).members;
      expect(new Set(best)).toEqual(new Set([1]));
      expect(new Set(worst)).toEqual(new Set([3_000]));
      expectSame(
        board,
        rowsOf([
          [30, 0],
          [30.5, 0],
        ]),
      );
    }
  });

  it("equal the reference on larger random boards of several sizes", () => {
    for (const [size, seed] of [
      [1, 1],
      [2, 2],
      [257, 3],
      [1_000, 4],
      [5_000, 5],
    ] as const) {
      expectSame(randomBoard(size, seed), randomBoard(Math.min(size, 20), seed + 100));
    }
  });

  it("equal the reference on the real board: the whole board and a view with pinned rows, all six or three benchmarks", () => {
    const rows = demoData().evaluations;
    const subset: BenchmarkKey[] = ["ifeval", "bbh", "gpqa"];
    const boardFor = (keys: readonly BenchmarkKey[]) =>
      rowsOf(
        rows.map((r) => [
          keys.reduce((sum, k) => sum + r.scores[k].normalized, 0) / keys.length,
          averageError(seededErrors(r.scores).benchmarks, keys)!,
        ]),
      );
    for (const keys of [BENCHMARK_KEYS, subset]) {
      const board = boardFor(keys);
      expectSame(board, rowsOf([]));
      // A dynamic view: the float16 rows ranked among themselves, three bfloat16 rows pinned from outside.
      const view = rows.flatMap((r, i) => (r.precision === "float16" ? [i] : []));
      const pinned = rows.flatMap((r, i) => (r.precision === "bfloat16" ? [i] : [])).filter((_, k) => k % 997 === 0);
      const pick = (ids: number[]): RankRows => ({
        averages: Float64Array.from(ids, (i) => board.averages[i]!),
        ses: Float64Array.from(ids, (i) => board.ses[i]!),
      });
      expect(view.length).toBeGreaterThan(300);
      expect(pinned.length).toBeGreaterThanOrEqual(3);
      expectSame(pick(view), pick(pinned));
    }
  });

  it("hold every row's position in a sort by average, and say what compare says for a pair", () => {
    const row = fc.tuple(fc.double({ min: 0, max: 60, noNaN: true }), fc.double({ min: 0, max: 3, noNaN: true }));
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 200 }), (pairs) => {
        const board = rowsOf(pairs);
        const { best, worst } = rankRanges(board).members;
        const n = pairs.length;
        pairs.forEach(([a], i) => {
          // Every position a tie-break could give row i lies inside its range.
          const above = pairs.filter(([b]) => b > a).length;
          const below = pairs.filter(([b]) => b < a).length;
          expect(best[i]).toBeGreaterThanOrEqual(1);
          expect(best[i]).toBeLessThanOrEqual(above + 1);
          expect(worst[i]).toBeGreaterThanOrEqual(n - below);
          expect(worst[i]).toBeLessThanOrEqual(n);
        });
        const [a, b] = [pairs[0]!, pairs[n - 1]!];
        const two = rankRanges(rowsOf([a, b])).members;
        const verdict = compare({ value: a[0], se: a[1] }, { value: b[0], se: b[1] }).verdict;
        expect(two.best[1] === 2).toBe(verdict === "a_ahead");
        expect(two.best[0] === 2).toBe(verdict === "b_ahead");
      }),
      { numRuns: 200 },
    );
  });

  it("refuse columns of different lengths and a row with an average but no SE", () => {
    expect(() => rankRanges({ averages: new Float64Array(2), ses: new Float64Array(1) })).toThrow(RangeError);
    expect(() => rankRanges(rowsOf([[10, Number.NaN]]))).toThrow(/row 0 has an average but SE NaN/);
    expect(() => rankRanges(rowsOf([[10, -1]]))).toThrow(RangeError);
    expect(() => rankRanges(rowsOf([]), rowsOf([[10, Number.POSITIVE_INFINITY]]))).toThrow(RangeError);
  });

  it("rank a guest against an empty set as the only row", () => {
    const { members, guests } = rankRanges(rowsOf([]), rowsOf([[12, 0.5]]));
    expect(members.best).toHaveLength(0);
    expect(rankRangeAt(guests, 0)).toEqual([1, 1]);
  });
});
