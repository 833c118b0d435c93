import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CompactRow } from "../../../worker/domain/board/query";
import { decodeSlice, encodeSlice, sliceRest, withRest } from "../../../worker/domain/board/slice";
import {
  answersLocally,
  isPlaceholder,
  needsRest,
  realIds,
  type SliceRest,
} from "../../../worker/domain/board/slice-views";
import { boardRows } from "../../../worker/domain/board/snapshot";
import { DEFAULT_BOARD_QUERY } from "../../../worker/domain/board/query";
import { seeded } from "../../../worker/domain/board/wire";
import { row, seededRow } from "../../support/compact-rows";

const board = fc.uniqueArray(fc.oneof(row, seededRow), { selector: (r) => r.id, maxLength: 25 });
const byId = (rows: readonly CompactRow[]) => [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
const two = (v: number | null) => (v === null ? null : v.toFixed(2));
const sign = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.sign(a - b));
/** The rows of the board a slice decodes to, as the engine reads them (rowAt); with its rest when given. */
const roundTrip = (rows: readonly CompactRow[], rest?: SliceRest) => {
  const board = decodeSlice(encodeSlice(rows));
  return boardRows(rest ? withRest(board, rest) : board);
};

describe("the island's slice", () => {
  it("keeps every text, flag, size and count exactly, and the real ids and other columns through its rest", () => {
    fc.assert(
      fc.property(board, (rows) => {
        const decoded = roundTrip(rows, JSON.parse(JSON.stringify(sliceRest(rows))));
        byId(rows).forEach((r, i) => {
          const d = decoded[i] as CompactRow;
          const { raw, normalized, average, co2, se, seRaw, revision, ...exact } = r;
          const { raw: _r, normalized: _n, average: _a, co2: _c, se: _s, seRaw: _sr, revision: _v, ...kept } = d;
          expect(kept).toEqual(exact);
          expect(d.revision).toBe("");
        });
      }),
    );
  });

  it("keeps model ids that share their beginnings exactly, a cut inside a surrogate pair too", () => {
    // Ids from a few pieces share long prefixes, "😀" and "😁" (one high surrogate, two low ones) make a shared
    // prefix end mid-pair, and newlines and backslashes are what the ids' lines escape. The board keeps text as
    // UTF-8 (domain/board/snapshot.ts, the server's board too), so text is well-formed, as every Hub id is.
    const piece = fc.constantFrom("org/", "org-2/", "llama", "-7b", "😀", "😁", "é", "\n", "\\", "\\n", "");
    const model = fc.array(piece, { minLength: 1, maxLength: 6 }).map((p) => p.join("") || "x");
    const rows = fc
      .array(fc.tuple(row, model), { maxLength: 30 })
      .map((pairs) => pairs.map(([r, m], i) => ({ ...r, id: `id-${String(i).padStart(2, "0")}`, model: m })));
    fc.assert(
      fc.property(rows, (board) => {
        const decoded = roundTrip(board);
        expect(decoded.map((d) => d.model)).toEqual(byId(board).map((r) => r.model));
      }),
    );
  });

  it("shows every score, average and CO₂ as the row does, and orders every column's values as they are", () => {
    fc.assert(
      fc.property(board, (rows) => {
        const sorted = byId(rows);
        const decoded = roundTrip(rows);
        // Each column with the text a page shows of it: raw values as percentages, the rest as they are.
        const columns: Array<[(r: CompactRow) => number | null, number]> = [
          [(r) => r.average, 1],
          [(r) => r.co2, 1],
        ];
        for (let b = 0; b < 6; b++) columns.push([(r) => r.raw[b] ?? null, 100], [(r) => r.normalized[b] ?? null, 1]);
        for (const [value, unit] of columns) {
          const shown = (x: CompactRow) => two(value(x) === null ? null : (value(x) as number) * unit);
          expect(decoded.map(shown)).toEqual(sorted.map(shown));
          sorted.forEach((r, i) => {
            expect(Math.abs((value(decoded[i] as CompactRow) ?? 0) - (value(r) ?? 0))).toBeLessThanOrEqual(1e-4);
          });
          const order = (list: CompactRow[]) => list.map((x) => list.map((y) => sign(value(x), value(y))));
          expect(order(decoded)).toEqual(order(sorted));
        }
      }),
    );
  });

  it("sends errors that are not the seeded estimate exactly, and recomputes the seeded ones from its raw values", () => {
    fc.assert(
      fc.property(board, (rows) => {
        const decoded = roundTrip(rows);
        byId(rows).forEach((r, i) => {
          const d = decoded[i] as CompactRow;
          const errors = (x: CompactRow) => ({ se: x.se, seRaw: x.seRaw, mask: x.seEstimated, source: x.ciSource });
          if (seeded(r)) expect(seeded(d)).toBe(true);
          else expect(errors(d)).toEqual(errors(r));
        });
      }),
    );
  });

  it("gives each row a placeholder id that sorts as its real id, and maps a pinned placeholder back", () => {
    fc.assert(
      fc.property(board, (rows) => {
        const decoded = roundTrip(rows);
        const rest = sliceRest(rows);
        const ids = decoded.map((r) => r.id);
        expect(ids.every(isPlaceholder)).toBe(true);
        expect([...ids].sort()).toEqual(ids);
        expect(new Set(ids).size).toBe(rows.length);
        expect(realIds(ids, rest)).toEqual(byId(rows).map((r) => r.id));
        expect(realIds(["seed:x"], rest)).toEqual(["seed:x"]);
      }),
    );
  });

  it("refuses bytes that are not a slice, and a rest of another board", () => {
    expect(() => decodeSlice(new TextEncoder().encode('{"rows":[]}'))).toThrow("not a board slice");
    // A slice of the layout before ("PDS1"), as a browser may have kept one: refused, not misread.
    const older = encodeSlice([]);
    expect(String.fromCharCode(...older.subarray(0, 4))).toBe("PDS2");
    older[3] = "1".charCodeAt(0);
    expect(() => decodeSlice(older)).toThrow("not a board slice");
    expect(() => withRest(decodeSlice(encodeSlice([])), { ...sliceRest([]), ids: ["a"] })).toThrow();
  });

  it("needs its rest only to pin or to show the columns it leaves out; averages of a subset go to the server", () => {
    expect(needsRest(DEFAULT_BOARD_QUERY)).toBe(false);
    expect(needsRest({ ...DEFAULT_BOARD_QUERY, pinned: ["x"] })).toBe(true);
    expect(needsRest({ ...DEFAULT_BOARD_QUERY, columns: ["type", "base_model"] })).toBe(true);
    expect(needsRest({ ...DEFAULT_BOARD_QUERY, sort: "likes" })).toBe(true);
    expect(needsRest({ ...DEFAULT_BOARD_QUERY, columns: ["license", "params", "architecture"] })).toBe(false);
    expect(answersLocally(DEFAULT_BOARD_QUERY)).toBe(true);
    expect(answersLocally({ ...DEFAULT_BOARD_QUERY, average: "visible", benchmarks: ["bbh", "math"] })).toBe(false);
    expect(answersLocally({ ...DEFAULT_BOARD_QUERY, average: "visible" })).toBe(true);
  });
});
