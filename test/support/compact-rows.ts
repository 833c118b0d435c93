/** fast-check arbitraries of compact board rows, for the codecs' properties. */
import fc from "fast-check";
import type { CompactRow } from "../../worker/domain/board/query";
import { CI_SOURCES, seededErrorArrays } from "../../worker/domain/statistics";
import { MODEL_TYPES, PRECISIONS, WEIGHT_TYPES } from "../../worker/domain/vocabulary";

const score = fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: null });
const unit = fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null });
const text = fc.option(fc.string({ maxLength: 30 }), { nil: null });
export const row: fc.Arbitrary<CompactRow> = fc.record({
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
export const seededRow = row.map((r) => ({ ...r, ...seededErrorArrays(r.raw) }));
