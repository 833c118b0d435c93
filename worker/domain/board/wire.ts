/**
 * The compact wire form of the whole board, for the browser island: one array per row in a fixed field order
 * instead of an object, which roughly halves the JSON before gzip. A row's standard errors travel as 0 when they
 * are the seeded estimate from its raw values, which the island computes again with the same code (twelve
 * full-precision numbers a row would add about 40% to the gzipped board); otherwise as they are. Encoding and
 * decoding are exact inverses.
 */
import { type ErrorArrays, seededErrorArrays } from "../statistics";
import type { CompactRow } from "./query";

const FIELDS = [
  "id",
  "model",
  "revision",
  "type",
  "architecture",
  "params",
  "license",
  "likes",
  "precision",
  "weightType",
  "chatTemplate",
  "merged",
  "moe",
  "flagged",
  "flagReason",
  "official",
  "available",
  "baseModel",
  "generation",
  "uploadDate",
  "submissionDate",
  "co2",
  "provisional",
  "average",
  "raw",
  "normalized",
] as const satisfies ReadonlyArray<keyof CompactRow>;

/** The last cell of a row: its errors, or 0 for "the seeded estimate from the raw values". */
const ERRORS = "errors";
type ErrorsCell = 0 | [ErrorArrays["se"], ErrorArrays["seRaw"], number, ErrorArrays["ciSource"]];
type Cell = CompactRow[(typeof FIELDS)[number]] | ErrorsCell;

const sameList = (a: readonly (number | null)[], b: readonly (number | null)[]) =>
  a.length === b.length && a.every((v, i) => v === b[i]);

function errorsCell(r: CompactRow): ErrorsCell {
  const seeded = seededErrorArrays(r.raw);
  const derivable =
    sameList(seeded.se, r.se) &&
    sameList(seeded.seRaw, r.seRaw) &&
    seeded.seEstimated === r.seEstimated &&
    seeded.ciSource === r.ciSource;
  return derivable ? 0 : [r.se, r.seRaw, r.seEstimated, r.ciSource];
}

function errorsOf(cell: ErrorsCell, raw: readonly (number | null)[]): ErrorArrays {
  if (cell === 0) return seededErrorArrays(raw);
  const [se, seRaw, seEstimated, ciSource] = cell;
  return { se, seRaw, seEstimated, ciSource };
}

export interface BoardWire {
  /** The board version the rows belong to. */
  version: string;
  fields: readonly string[];
  rows: Cell[][];
}

/** The board in wire form; `decodeBoard(encodeBoard(rows, v)).rows` deep-equals `rows`. */
export function encodeBoard(rows: readonly CompactRow[], version: string): BoardWire {
  return {
    version,
    fields: [...FIELDS, ERRORS],
    rows: rows.map((r) => [...FIELDS.map((f): Cell => r[f]), errorsCell(r)]),
  };
}

/** Rows back from wire form; fails (throws) when the field list is not the one this code knows. */
export function decodeBoard(wire: BoardWire): { version: string; rows: CompactRow[] } {
  const expected = [...FIELDS, ERRORS];
  if (wire.fields.length !== expected.length || wire.fields.some((f, i) => f !== expected[i])) {
    throw new Error("board wire format changed");
  }
  const rows = wire.rows.map((cells) => {
    const row: Record<string, Cell> = {};
    for (let i = 0; i < FIELDS.length; i++) row[FIELDS[i] as string] = cells[i] as Cell;
    const fields = row as unknown as Omit<CompactRow, keyof ErrorArrays>;
    return { ...fields, ...errorsOf(cells[FIELDS.length] as ErrorsCell, fields.raw) };
  });
  return { version: wire.version, rows };
}

/** A row as the page's island props carry it: its errors left out when they are the seeded estimate. */
export type LeanRow = Omit<CompactRow, keyof ErrorArrays> & Partial<ErrorArrays>;

/** The row without its errors when the island can compute them again from its raw values (as on the wire). */
export function leanRow(r: CompactRow): LeanRow {
  if (errorsCell(r) !== 0) return r;
  const { se: _se, seRaw: _seRaw, seEstimated: _mask, ciSource: _source, ...rest } = r;
  return rest;
}

/** A lean row whole again: `fullRow(leanRow(r))` deep-equals `r`. */
export function fullRow(r: LeanRow): CompactRow {
  const { se, seRaw, seEstimated, ciSource, ...rest } = r;
  if (se === undefined || seRaw === undefined || seEstimated === undefined || ciSource === undefined) {
    return { ...rest, ...seededErrorArrays(rest.raw) };
  }
  return { ...rest, se, seRaw, seEstimated, ciSource };
}
