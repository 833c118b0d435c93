/** A model's standing for its badge: its best ranked evaluation's place on the badge's metric. */
import { type BadgeMetric, rankedBy, type Standing } from "../domain/badge-content";
import { wholeBoardRange } from "../domain/board/engine";
import { columnStanding } from "../domain/board/standing";
import type { Precision } from "../domain/vocabulary";
import type { Db } from "../store/db";
import { hasProvisionalRun, isFlagged } from "../store/read/standings";
import { compactBoard } from "./board";

/**
 * The standing a badge of `metric` shows for `modelId` (in any case) on the published board of `version` (the one
 * the badge is keyed by, held in the isolate: no D1 read), or null when it has none.
 */
export async function badgeStanding(
  version: string,
  modelId: string,
  metric: BadgeMetric,
  precision: Precision | undefined,
): Promise<Standing | null> {
  const board = await compactBoard(version);
  const standing = columnStanding(board, { model: modelId, precision: precision ?? null }, rankedBy(metric));
  if (!standing) return null;
  const { rank, total, value } = standing;
  return metric === "rank_range"
    ? { rank, total, value, range: wholeBoardRange(board, standing.row.id) }
    : { rank, total, value };
}

/** Whether a model without a standing has a provisional run, which its badge then says. */
export function provisionalOnly(db: Db, modelId: string, precision: Precision | undefined) {
  return hasProvisionalRun(db, modelId, precision);
}

/** Whether a model has a flag not lifted, which its badge then says. */
export function flaggedModel(db: Db, modelId: string) {
  return isFlagged(db, modelId);
}
