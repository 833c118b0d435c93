/**
 * The board on a past day: for every board row (model × revision × precision × chat template, a verification
 * group), the run it showed by the end of that day, as a columnar board for the query engine. One query: the runs a row
 * could show that day, numbered within their row by the verification rule's preference (a window), the first of
 * each joined with its model.
 */
import { and, eq, inArray, isNotNull, lte, type SQL, sql } from "drizzle-orm";
import { type Board, boardOf } from "../../domain/board/snapshot";
import { VERIFIED } from "../../domain/verification";
import type { Db } from "../db";
import { evaluations, models } from "../schema";
import { compactFields, toCompact } from "./board";
import { canonicalOrder } from "./rank";

/** The statuses of the runs a past board row could show. */
const SHOWN_STATUSES = ["ranked", "superseded", "candidate"] as const;

/**
 * The runs a board row could show by the end of `day` (any day when null): full runs, never a partial one, that
 * are verified or provisional (a disputed or rejected run is on no board), submitted by then (a seeded row's
 * submission date, a pushed run's day of receipt; a run with no date is on no past board). Verification is the
 * runs' as it stands now. Every past board selects with this, so a rule on which runs may be shown belongs here;
 * which of them a row shows is `preference`'s, and a provisional row is listed only with `verification=all` (the
 * engine's rule, as on today's board).
 */
export function runsABoardRowCouldShow(day: string | null): SQL {
  const shown = and(
    inArray(evaluations.status, [...SHOWN_STATUSES]),
    inArray(evaluations.verification, [...VERIFIED, "provisional"]),
  ) as SQL;
  return day === null ? shown : (and(shown, lte(evaluations.submissionDate, day)) as SQL);
}

/**
 * The order in which a row prefers its runs, as domain/verification.ts `shownRun` does: the newest trusted or
 * accepted run, else the earliest reproduced or seed one, else (listed as provisional) the newest provisional one.
 * Newest is by submission day, then receipt.
 */
const tier = sql`case when ${evaluations.verification} in ('trusted', 'accepted') then 0
  when ${evaluations.verification} in ('reproduced', 'seed') then 1 else 2 end`;
const preference = sql`${tier},
  case when ${tier} = 1 then ${evaluations.createdAt} end asc,
  case when ${tier} <> 1 then ${evaluations.submissionDate} end desc,
  case when ${tier} <> 1 then ${evaluations.createdAt} end desc,
  ${evaluations.id} desc`;

/** Every row of the board as it stood at the end of `day`, in the board's canonical order. */
export async function loadCompactBoardAsOf(db: Db, day: string): Promise<Board> {
  const preferred = db
    .select({
      id: evaluations.id,
      n: sql<number>`row_number() over (partition by ${evaluations.modelId}, ${evaluations.revision}, ${evaluations.precision}, ${evaluations.chatTemplate} order by ${preference})`.as(
        "n",
      ),
    })
    .from(evaluations)
    .where(runsABoardRowCouldShow(day))
    .as("preferred");
  const rows = await db
    .select({
      ...compactFields,
      provisional: sql<boolean>`${evaluations.verification} = 'provisional'`.mapWith(Boolean),
    })
    .from(preferred)
    .innerJoin(evaluations, eq(evaluations.id, preferred.id))
    .innerJoin(models, eq(models.id, evaluations.modelId))
    .where(eq(preferred.n, 1))
    .orderBy(...canonicalOrder);
  return boardOf(rows.map(toCompact));
}

/** The first day the default board (verified runs) had a row: the board's first data; null before any. */
export async function firstBoardDay(db: Db): Promise<string | null> {
  // The runs of runsABoardRowCouldShow(null) that are verified, earliest first, on the submission-day index: it
  // stops at the first one. The unary `+` keeps SQLite off the (status, score) indexes, where min() counted every
  // shown run (one D1 row read per board row, on every isolate's first view of each board version).
  const row = await db
    .select({ day: evaluations.submissionDate })
    .from(evaluations)
    .where(
      and(
        isNotNull(evaluations.submissionDate),
        inArray(sql`+${evaluations.status}`, [...SHOWN_STATUSES]),
        inArray(sql`+${evaluations.verification}`, [...VERIFIED]),
      ),
    )
    .orderBy(evaluations.submissionDate)
    .limit(1)
    .get();
  return row?.day ?? null;
}
