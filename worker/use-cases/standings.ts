/** A model's standing for its badge: its best ranked evaluation's place on the badge's metric. */
import { type BadgeMetric, rankedBy } from "../domain/badge-content";
import type { Precision } from "../domain/vocabulary";
import type { Db } from "../store/db";
import { hasProvisionalRun, isFlagged, modelStanding } from "../store/read/standings";

/** The standing a badge of `metric` shows for `modelId` (in any case), or null when it has none. */
export function badgeStanding(db: Db, modelId: string, metric: BadgeMetric, precision: Precision | undefined) {
  return modelStanding(db, modelId, rankedBy(metric), precision);
}

/** Whether a model without a standing has a provisional run, which its badge then says. */
export function provisionalOnly(db: Db, modelId: string, precision: Precision | undefined) {
  return hasProvisionalRun(db, modelId, precision);
}

/** Whether a model has a flag not lifted, which its badge then says. */
export function flaggedModel(db: Db, modelId: string) {
  return isFlagged(db, modelId);
}
