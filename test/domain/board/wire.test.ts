import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeBoard, encodeBoard, fullRow, leanRow } from "../../../worker/domain/board/wire";
import type { CompactRow } from "../../../worker/domain/board/query";
import { MODEL_TYPES, PRECISIONS, WEIGHT_TYPES } from "../../../worker/domain/vocabulary";
import { CI_SOURCES, seededErrorArrays } from "../../../worker/domain/statistics";
import { demoData } from "../../support/demo";

const score = fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: null });
const unit = fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null });
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
  raw: fc.array(unit, { minLength: 6, maxLength: 6 }),
  normalized: fc.array(score, { minLength: 6, maxLength: 6 }),
  se: fc.array(score, { minLength: 6, maxLength: 6 }),
  seRaw: fc.array(unit, { minLength: 6, maxLength: 6 }),
  seEstimated: fc.integer({ min: 0, max: 63 }),
  ciSource: fc.option(fc.constantFrom(...CI_SOURCES), { nil: null }),
});
/** A row whose errors are the seeded estimate of its raw values, as every row of the final data is. */
const seededRow = row.map((r) => ({ ...r, ...seededErrorArrays(r.raw) }));

describe("board wire form", () => {
  it("decodes to exactly the rows encoded, through JSON, with the version", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(row, seededRow), { maxLength: 20 }), fc.string(), (rows, version) => {
        const wire = JSON.parse(JSON.stringify(encodeBoard(rows, version)));
        expect(decodeBoard(wire)).toEqual({ version, rows: rows.map((r) => JSON.parse(JSON.stringify(r))) });
      }),
    );
  });

  it("sends each row as an array in the announced field order", () => {
    const wire = encodeBoard(
      [
        {
          id: "e1",
          model: "org/m",
          raw: [],
          normalized: [1, 2, 3, 4, 5, 6],
          se: [],
          seRaw: [],
        } as unknown as CompactRow,
      ],
      "v1",
    );
    expect(wire.fields[0]).toBe("id");
    expect(wire.rows[0]?.[0]).toBe("e1");
    expect(wire.rows[0]?.[wire.fields.indexOf("normalized")]).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("sends a seeded row's errors as 0 and any other row's as they are", () => {
    const seeded = demoData().evaluations[0]!;
    const raw = ["ifeval", "bbh", "math", "gpqa", "musr", "mmlu_pro"].map((k) => seeded.scores[k as "bbh"].raw);
    const errors = seededErrorArrays(raw);
    const base = { id: "e1", model: "org/m", raw, normalized: [1, 2, 3, 4, 5, 6] };
    const pushed = { ...errors, se: errors.se.map((v) => (v ?? 0) + 1e-12), ciSource: "harness" as const };
    const wire = encodeBoard(
      [{ ...base, ...errors } as unknown as CompactRow, { ...base, id: "e2", ...pushed } as unknown as CompactRow],
      "v1",
    );
    const at = wire.fields.indexOf("errors");
    expect(at).toBe(wire.fields.length - 1);
    expect(wire.rows[0]?.[at]).toBe(0);
    expect(wire.rows[1]?.[at]).toEqual([pushed.se, pushed.seRaw, pushed.seEstimated, "harness"]);
    const decoded = decodeBoard(JSON.parse(JSON.stringify(wire))).rows;
    expect(decoded[0]?.se).toEqual(errors.se);
    expect(decoded[0]?.ciSource).toBe("estimated");
    expect(decoded[1]?.se).toEqual(pushed.se);
  });

  it("a lean row (the island props' form) is whole again through JSON, seeded errors left out", () => {
    fc.assert(
      fc.property(fc.oneof(row, seededRow), (r) => {
        const lean = JSON.parse(JSON.stringify(leanRow(r)));
        expect(fullRow(lean)).toEqual(JSON.parse(JSON.stringify(r)));
      }),
    );
    const seeded = fc.sample(seededRow, 1)[0]!;
    expect(Object.keys(leanRow(seeded))).not.toContain("se");
  });

  it("refuses a wire form with other fields rather than misreading it", () => {
    const wire = encodeBoard([], "v1");
    expect(() => decodeBoard({ ...wire, fields: [...wire.fields].reverse() })).toThrow("board wire format changed");
  });
});
