/**
 * The compact wire form of the whole board, for the browser island: one array per row in a fixed field order
 * instead of an object, which roughly halves the JSON before gzip. Encoding and decoding are exact inverses.
 */
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

type Cell = CompactRow[(typeof FIELDS)[number]];

export interface BoardWire {
  /** The board version the rows belong to. */
  version: string;
  fields: readonly string[];
  rows: Cell[][];
}

/** The board in wire form; `decodeBoard(encodeBoard(rows, v)).rows` deep-equals `rows`. */
export function encodeBoard(rows: readonly CompactRow[], version: string): BoardWire {
  return { version, fields: FIELDS, rows: rows.map((r) => FIELDS.map((f) => r[f])) };
}

/** Rows back from wire form; fails (throws) when the field list is not the one this code knows. */
export function decodeBoard(wire: BoardWire): { version: string; rows: CompactRow[] } {
  if (wire.fields.length !== FIELDS.length || wire.fields.some((f, i) => f !== FIELDS[i])) {
    throw new Error("board wire format changed");
  }
  const rows = wire.rows.map((cells) => {
    const row: Record<string, Cell> = {};
    for (let i = 0; i < FIELDS.length; i++) row[FIELDS[i] as string] = cells[i] as Cell;
    return row as unknown as CompactRow;
  });
  return { version: wire.version, rows };
}
