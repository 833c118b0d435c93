/**
 * Ranks in SQL, by the engine's rule (domain/board/prepared.ts): among ranked evaluations, one plus the number
 * strictly better on the column, so ties share a rank (1, 2, 2, 4). A model's history counts with it, on the
 * column's (status, column) index; views and badges rank on the published board (domain/board/).
 */
import { asc, desc, eq, type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { evaluations } from "../schema";

/** Only evaluations on the board. */
export const ranked = eq(evaluations.status, "ranked");

/**
 * The engine's canonical order: average desc, then model, precision and id, so SQL and the engine agree on ties.
 */
export const canonicalOrder = [
  desc(evaluations.average),
  asc(evaluations.modelId),
  asc(evaluations.precision),
  asc(evaluations.id),
];

/** The rank on `column` of the `evaluations` row being selected. */
export function rankOf(column: SQLiteColumn): SQL<number> {
  const name = sql.identifier(column.name);
  // Qualified by hand: drizzle leaves columns unqualified in a one-table select, which inside the subquery would
  // name the subquery's own row.
  return sql<number>`(select count(*) + 1 from evaluations as better
    where better.status = 'ranked' and better.${name} > "evaluations".${name})`;
}
