/**
 * How wide badge text is, as shields' badge-maker measures it: per code point from anafanafo's Verdana tables
 * (./verdana-widths.ts, generated), in the three fonts its styles use.
 */
import { VERDANA_10PX_RANGES, VERDANA_11PX_RANGES, VERDANA_BOLD_10PX_RANGES } from "./verdana-widths";

/** The fonts badge-maker measures with: 11px for flat, flat-square and plastic, 10px for for-the-badge. */
export type BadgeFont = "11px Verdana" | "10px Verdana" | "bold 10px Verdana";

interface WidthTable {
  starts: number[];
  ends: number[];
  widths: number[];
  /** The width of "m", which anafanafo gives any code point the table lacks. */
  em: number;
}

function widthTable(ranges: readonly number[]): WidthTable {
  const table: WidthTable = { starts: [], ends: [], widths: [], em: 0 };
  for (let i = 0; i < ranges.length; i += 3) {
    table.starts.push(ranges[i] ?? 0);
    table.ends.push(ranges[i + 1] ?? 0);
    table.widths.push(ranges[i + 2] ?? 0);
  }
  table.em = lookup(table, 109) ?? 0;
  return table;
}

function lookup(table: WidthTable, codePoint: number): number | undefined {
  let lo = 0;
  let hi = table.starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((table.starts[mid] ?? 0) > codePoint) hi = mid - 1;
    else if ((table.ends[mid] ?? 0) < codePoint) lo = mid + 1;
    else return table.widths[mid];
  }
  return undefined;
}

const TABLES: Record<BadgeFont, WidthTable> = {
  "11px Verdana": widthTable(VERDANA_11PX_RANGES),
  "10px Verdana": widthTable(VERDANA_10PX_RANGES),
  "bold 10px Verdana": widthTable(VERDANA_BOLD_10PX_RANGES),
};

/**
 * The width of `text` in `font`, summed per code point as shields' anafanafo does: control characters count 0,
 * a code point outside the bundled blocks counts as "m" of that font (10.7 in 11px Verdana).
 */
export function textWidth(text: string, font: BadgeFont = "11px Verdana"): number {
  const table = TABLES[font];
  let total = 0;
  for (const char of text) {
    const codePoint = char.codePointAt(0) ?? 0;
    if (codePoint <= 31 || codePoint === 127) continue;
    total += lookup(table, codePoint) ?? table.em;
  }
  return total;
}

/** badge-maker's preferred width: the floor of the measured width, rounded up to an odd number of pixels. */
export function preferredWidth(text: string): number {
  const floored = Math.floor(textWidth(text));
  return floored % 2 === 0 ? floored + 1 : floored;
}
