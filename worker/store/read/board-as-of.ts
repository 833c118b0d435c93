/**
 * The board on a past day: for every board row (model × revision × precision), its newest run submitted by the end
 * of that day, as compact rows for the query engine. One query: the runs a row could show that day, numbered newest
 * first within their row by a window over the `evaluations_history` index, the first of each joined with its model.
 */
import { and, eq, inArray, lte, min, type SQL, sql } from "drizzle-orm";
import type { CompactRow } from "../../domain/board/query";
import type { Db } from "../db";
import { evaluations, models } from "../schema";
import { compactFields, toCompact } from "./board";
import { canonicalOrder } from "./rank";

/**
 * The runs a board row could show by the end of `day` (any day when null): full runs, ranked now or until a newer
 * full run of their row superseded them, never a partial one, submitted by then (a seeded row's submission date,
 * a pushed run's day of receipt; a run with no date is on no past board). Every past board selects with this, so
 * a rule on which runs may be shown belongs here.
 */
export function runsABoardRowCouldShow(day: string | null): SQL {
  const full = inArray(evaluations.status, ["ranked", "superseded"]);
  return day === null ? full : (and(full, lte(evaluations.submissionDate, day)) as SQL);
}

/** Every row of the board as it stood at the end of `day`, in the board's canonical order. */
export async function loadCompactBoardAsOf(db: Db, day: string): Promise<CompactRow[]> {
  const newest = db
    .select({
      id: evaluations.id,
      n: sql<number>`row_number() over (partition by ${evaluations.modelId}, ${evaluations.revision}, ${evaluations.precision} order by ${evaluations.submissionDate} desc, ${evaluations.createdAt} desc, ${evaluations.id} desc)`.as(
        "n",
      ),
    })
    .from(evaluations)
    .where(runsABoardRowCouldShow(day))
    .as("newest");
  const rows = await db
    .select(compactFields)
    .from(newest)
    .innerJoin(evaluations, eq(evaluations.id, newest.id))
    .innerJoin(models, eq(models.id, evaluations.modelId))
    .where(eq(newest.n, 1))
    .orderBy(...canonicalOrder);
  return rows.map(toCompact);
}

/** The first day a board row could show a run: the board's first data; null before any. */
export async function firstBoardDay(db: Db): Promise<string | null> {
  const row = await db
    .select({ day: min(evaluations.submissionDate) })
    .from(evaluations)
    .where(runsABoardRowCouldShow(null))
    .get();
  return row?.day ?? null;
}
