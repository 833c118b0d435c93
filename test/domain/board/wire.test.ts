import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeBoard, encodeBoard } from "../../../worker/domain/board/wire";
import type { CompactRow } from "../../../worker/domain/board/query";
import { MODEL_TYPES, PRECISIONS, WEIGHT_TYPES } from "../../../worker/domain/vocabulary";

const score = fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: null });
const text = fc.option(fc.string({ maxLength: 30 }), { nil: null });
const row: fc.Arbitrary<CompactRow> = fc.record({
  id: fc.string({ minLength: 1, maxLength: 40 }),
  model: fc.string({ minLength: 1, maxLength: 40 }),
  revision: fc.string({ maxLength: 40 }),
  type: fc.constantFrom(...MODEL_TYPES),
  architecture: text,
  params: fc.option(fc.double({ min: 0, max: 1000, noNaN: true }), { nil: null }),
  license: text,
  likes: fc.nat(),
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
  co2: fc.double({ min: -1, max: 1000, noNaN: true }),
  flagReason: text,
  provisional: fc.boolean(),
  average: score,
  raw: fc.array(score, { minLength: 6, maxLength: 6 }),
  normalized: fc.array(score, { minLength: 6, maxLength: 6 }),
});

describe("board wire form", () => {
  it("decodes to exactly the rows encoded, through JSON, with the version", () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 20 }), fc.string(), (rows, version) => {
        const wire = JSON.parse(JSON.stringify(encodeBoard(rows, version)));
        expect(decodeBoard(wire)).toEqual({ version, rows: rows.map((r) => JSON.parse(JSON.stringify(r))) });
      }),
    );
  });

  it("sends each row as an array in the announced field order", () => {
    const wire = encodeBoard(
      [{ id: "e1", model: "org/m", normalized: [1, 2, 3, 4, 5, 6] } as unknown as CompactRow],
      "v1",
    );
    expect(wire.fields[0]).toBe("id");
    expect(wire.rows[0]?.[0]).toBe("e1");
    expect(wire.rows[0]?.[wire.fields.indexOf("normalized")]).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("refuses a wire form with other fields rather than misreading it", () => {
    const wire = encodeBoard([], "v1");
    expect(() => decodeBoard({ ...wire, fields: [...wire.fields].reverse() })).toThrow("board wire format changed");
  });
});
