/**
 * A model's standing on the ranked board, for badges: its best ranked evaluation and where that evaluation
 * ranks on one column. Part of the evaluations aggregate, kept in its own module so the board's queries and the
 * badge's stay independent.
 */
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Precision } from "../domain/vocabulary";
import type { RankedBy } from "../domain/badge-content";
import type { Db } from "./db";
import { modelRowsOf } from "./models";
import { evaluations } from "./schema";

export type EvaluationRow = typeof evaluations.$inferSelect;

export interface ModelStanding {
  evaluation: EvaluationRow;
  /** 1 + the number of ranked evaluations strictly better on the column (ties share a rank). */
  rank: number;
  /** Ranked evaluations with a value on the column. */
  total: number;
  /** The evaluation's value on the column. */
  value: number | null;
}

const COLUMNS = {
  average: evaluations.average,
  ifeval: evaluations.ifeval,
  bbh: evaluations.bbh,
  math: evaluations.math,
  gpqa: evaluations.gpqa,
  musr: evaluations.musr,
  mmlu_pro: evaluations.mmluPro,
} as const satisfies Record<RankedBy, unknown>;

/**
 * The standing of `modelId`'s best ranked evaluation (highest average; of `precision` when given) on `column`,
 * the id in any case, or null when the model has no ranked evaluation. One query: the rank and the total are
 * counted on the (status, column) index.
 */
export async function modelStanding(
  db: Db,
  modelId: string,
  column: RankedBy,
  precision?: Precision,
): Promise<ModelStanding | null> {
  const name = sql.identifier(COLUMNS[column].name);
  // Qualified by hand: drizzle leaves columns unqualified in a one-table select, which inside the subquery
  // would name the subquery's own row.
  const rank = sql<number>`(select count(*) + 1 from evaluations as better
    where better.status = 'ranked' and better.${name} > "evaluations".${name})`;
  const total = sql<number>`(select count(*) from evaluations as other
    where other.status = 'ranked' and other.${name} is not null)`;
  const row = await db
    .select({ evaluation: evaluations, rank, total })
    .from(evaluations)
    .where(
      and(
        inArray(evaluations.modelId, modelRowsOf(db, modelId)),
        eq(evaluations.status, "ranked"),
        precision ? eq(evaluations.precision, precision) : undefined,
      ),
    )
    .orderBy(desc(evaluations.average), evaluations.precision, evaluations.id)
    .limit(1)
    .get();
  if (!row) return null;
  return { evaluation: row.evaluation, rank: row.rank, total: row.total, value: row.evaluation[keyOf(column)] };
}

function keyOf(column: RankedBy) {
  return column === "mmlu_pro" ? "mmluPro" : column;
}
