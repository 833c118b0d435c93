/** Evaluations: the ranked board and each model's history. */
import { count, desc, eq, sql } from "drizzle-orm";
import type { Db } from "./db";
import { evaluations, models } from "./schema";

export type EvaluationRow = typeof evaluations.$inferSelect;
export type ModelRow = typeof models.$inferSelect;
export interface BoardRow {
  rank: number;
  evaluation: EvaluationRow;
  model: ModelRow;
}

const ranked = eq(evaluations.status, "ranked");

/**
 * A page of the ranked board by average, best first. Ties share a rank (1 + the number of strictly better
 * averages), computed per row on the (status, average) index so a deep page costs no full sort.
 */
export async function rankedByAverage(
  db: Db,
  page: { limit: number; offset: number },
): Promise<{ rows: BoardRow[]; total: number }> {
  const rank = sql<number>`(select count(*) + 1 from evaluations as better
    where better.status = 'ranked' and better.average > ${evaluations.average})`;
  // Not db.batch(): D1 batches return rows as objects, and drizzle then loses one of the two `id` columns of a
  // join, shifting every field after it.
  const [rows, totals] = await Promise.all([
    db
      .select({ rank, evaluation: evaluations, model: models })
      .from(evaluations)
      .innerJoin(models, eq(models.id, evaluations.modelId))
      .where(ranked)
      .orderBy(desc(evaluations.average), evaluations.modelId, evaluations.precision)
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: count() }).from(evaluations).where(ranked),
  ]);
  return { rows, total: totals[0]?.n ?? 0 };
}
