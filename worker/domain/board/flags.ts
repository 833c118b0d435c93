/**
 * A row's flags as bits, shared by the snapshot (domain/board/snapshot.ts, a u16 per row) and the island's slice
 * (./slice.ts, a u8 per row): the seven flags take the same bits in both, so a slice's byte is a snapshot row's
 * flags as it stands.
 */
import type { CompactRow } from "./query";

/** Bits of a snapshot row's `flags`. */
export const FLAG = {
  chatTemplate: 1,
  merged: 2,
  moe: 4,
  flagged: 8,
  official: 16,
  available: 32,
  provisional: 64,
  /** The average is the mean of the normalized scores (not stored). */
  averageDerived: 128,
  /** The SEs are the seeded estimate of the raw scores (not stored). */
  errorsDerived: 256,
} as const;

export type FlagKey = "chatTemplate" | "merged" | "moe" | "flagged" | "official" | "available" | "provisional";

/** A row's boolean fields in bit order: FLAG[FLAG_KEYS[i]] is 1 << i, the slice's order too. */
export const FLAG_KEYS: readonly FlagKey[] = [
  "chatTemplate",
  "merged",
  "moe",
  "flagged",
  "official",
  "available",
  "provisional",
];

/** A row's boolean fields, from a reader of its bits. */
export function flagFields(flag: (key: FlagKey) => boolean): Pick<CompactRow, FlagKey> {
  return {
    chatTemplate: flag("chatTemplate"),
    merged: flag("merged"),
    moe: flag("moe"),
    flagged: flag("flagged"),
    official: flag("official"),
    available: flag("available"),
    provisional: flag("provisional"),
  };
}
