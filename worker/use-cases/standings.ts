/** A model's standing for its badge: its best ranked evaluation's place on the badge's metric. */
import { type BadgeMetric, rankedBy, type Standing } from "../domain/badge-content";
import { wholeBoardRange } from "../domain/board/engine";
import type { Precision } from "../domain/vocabulary";
import type { Db } from "../store/db";
import { hasProvisionalRun, isFlagged, modelStanding } from "../store/read/standings";
import { compactBoard } from "./board";

/**
 * The standing a badge of `metric` shows for `modelId` (in any case), or null when it has none; a rank range's
 * from the whole board of `version`, computed once per board version.
 */
export async function badgeStanding(
  db: Db,
  version: string,
  modelId: string,
  metric: BadgeMetric,
  precision: Precision | undefined,
): Promise<Standing | null> {
  const standing = await modelStanding(db, modelId, rankedBy(metric), precision);
  if (!standing || metric !== "rank_range") return standing;
  return { ...standing, range: wholeBoardRange(await compactBoard(version), standing.evaluation.id) };
}

/** Whether a model without a standing has a provisional run, which its badge then says. */
export function provisionalOnly(db: Db, modelId: string, precision: Precision | undefined) {
  return hasProvisionalRun(db, modelId, precision);
}

/** Whether a model has a flag not lifted, which its badge then says. */
export function flaggedModel(db: Db, modelId: string) {
  return isFlagged(db, modelId);
}
