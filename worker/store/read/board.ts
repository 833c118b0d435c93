/**
 * The board's read side: every shown evaluation joined with its model, as compact rows, in pages (what the
 * publisher encodes) or in one query, and the newest ranked evaluations (the feed).
 */
import { and, asc, desc, eq, gt, inArray, sql } from "drizzle-orm";
import {
  BENCHMARK_KEYS,
  ERROR_COLUMNS,
  type ErrorColumn,
  rawColumn,
  SCORE_COLUMNS,
  type ScoreColumn,
  seColumn,
  seRawColumn,
} from "../../domain/benchmarks";
import type { CompactRow } from "../../domain/board/query";
import { type Board, boardOf } from "../../domain/board/snapshot";
import type { Db } from "../db";
import { evaluations, models } from "../schema";
import { canonicalOrder, ranked } from "./rank";

const scoreFields = Object.fromEntries(SCORE_COLUMNS.map((c) => [c, evaluations[c]])) as {
  [C in ScoreColumn]: (typeof evaluations)[C];
};
const errorFields = Object.fromEntries(ERROR_COLUMNS.map((c) => [c, evaluations[c]])) as {
  [C in ErrorColumn]: (typeof evaluations)[C];
};
/** The columns a compact row gathers into arrays. */
const ARRAY_COLUMNS: readonly string[] = [...SCORE_COLUMNS, ...ERROR_COLUMNS];

// Explicit, uniquely named fields: joined selects of whole tables lose one of the two `id` columns in D1 batches.
export const compactFields = {
  id: evaluations.id,
  model: evaluations.modelId,
  revision: evaluations.revision,
  type: evaluations.type,
  architecture: evaluations.architecture,
  params: evaluations.paramsBillions,
  license: models.license,
  likes: models.likes,
  precision: evaluations.precision,
  weightType: evaluations.weightType,
  chatTemplate: evaluations.chatTemplate,
  merged: models.merged,
  moe: models.moe,
  flagged: models.flagged,
  flagReason: sql<string | null>`(select f.reason from model_flags f where f.model_id = ${models.id}
    and f.lifted_at is null order by f.created_at desc limit 1)`,
  official: models.officialProvider,
  available: models.availableOnHub,
  baseModel: models.baseModel,
  generation: models.generation,
  uploadDate: models.uploadDate,
  submissionDate: evaluations.submissionDate,
  co2: evaluations.co2Kg,
  provisional: sql<boolean>`${evaluations.status} = 'candidate'`.mapWith(Boolean),
  average: evaluations.average,
  ...scoreFields,
  ...errorFields,
  seEstimated: evaluations.seEstimated,
  ciSource: evaluations.ciSource,
};

type Arrays = "raw" | "normalized" | "se" | "seRaw";
type Selected = Omit<CompactRow, Arrays> & Record<ScoreColumn | ErrorColumn, number | null>;

export function toCompact(row: Selected): CompactRow {
  const fields: Record<string, unknown> = { ...row };
  for (const column of ARRAY_COLUMNS) delete fields[column];
  return {
    ...(fields as Omit<CompactRow, Arrays>),
    // The old data marks an unknown size with a negative number.
    params: row.params === null || row.params < 0 ? null : row.params,
    raw: BENCHMARK_KEYS.map((k) => row[rawColumn(k)] ?? null),
    normalized: BENCHMARK_KEYS.map((k) => row[k] ?? null),
    se: BENCHMARK_KEYS.map((k) => row[seColumn(k)] ?? null),
    seRaw: BENCHMARK_KEYS.map((k) => row[seRawColumn(k)] ?? null),
  };
}

/**
 * Every evaluation a row shows, in the board's canonical order: the ranked ones, and the candidates
 * (`provisional`) that only `verification=all` lists, as compact rows, in one query: the bench and the tests (the
 * publisher reads the same rows with `boardPages`, since the whole board as objects outgrows its 128 MB).
 */
export async function loadBoardRows(db: Db): Promise<CompactRow[]> {
  const rows = await db
    .select(compactFields)
    .from(evaluations)
    .innerJoin(models, eq(models.id, evaluations.modelId))
    .where(inArray(evaluations.status, ["ranked", "candidate"]))
    .orderBy(...canonicalOrder);
  return rows.map(toCompact);
}

/**
 * Rows a page of the publisher's paged read: 5,000 rows of ~50 columns are a few MB of D1 answer and ~7 MiB of
 * row objects while the page is encoded (beside ~30 MiB of columns at 100,000 rows, in a Durable Object's 128 MB);
 * 100,000 rows are 20 statements, and three attempts of a 1,000,000-row board 600, under D1's 1,000 statements
 * per invocation; each page is a primary-key range, milliseconds against D1's 30 s per query.
 */
export const BOARD_PAGE_ROWS = 5000;

/** Reads the board a page at a time (the publisher's build; the rows of a page live only while it is encoded). */
export type BoardPages = (db: Db, pageRows?: number) => AsyncGenerator<CompactRow[]>;

/**
 * Every evaluation a row shows, as `loadBoardRows`, in pages by primary key (not the canonical order: the builder
 * sorts the columns once, domain/board/snapshot.ts). The status test is written `+status` so that SQLite walks the
 * primary key's index from the last page's id and stops after a page of shown rows: on the status indexes it
 * would read and sort every shown row above the cursor for each page, the whole board per page. A page reads its
 * own rows and the rows between them that no row shows (superseded runs), each once over the whole read.
 */
export const boardPages: BoardPages = async function* (db, pageRows = BOARD_PAGE_ROWS) {
  let after: string | null = null;
  for (;;) {
    const page = await boardPage(db, after, pageRows);
    if (page.length > 0) yield page;
    if (page.length < pageRows) return;
    after = (page[page.length - 1] as CompactRow).id;
  }
};

/** The shown rows after id `after`, by id; D1's answer is let go before the page is handed on. */
async function boardPage(db: Db, after: string | null, limit: number): Promise<CompactRow[]> {
  const rows = await db
    .select(compactFields)
    .from(evaluations)
    .innerJoin(models, eq(models.id, evaluations.modelId))
    .where(
      and(
        sql`+${evaluations.status} in ('ranked', 'candidate')`,
        after === null ? undefined : gt(evaluations.id, after),
      ),
    )
    .orderBy(asc(evaluations.id))
    .limit(limit);
  return rows.map(toCompact);
}

/** The board as columns, straight from D1 (the bench and store tests; the Worker serves the published one). */
export async function loadCompactBoard(db: Db): Promise<Board> {
  return boardOf(await loadBoardRows(db));
}

/** The newest ranked evaluations with their models and when they were stored (ms), newest first. */
export async function recentlyRanked(db: Db, limit: number): Promise<{ row: CompactRow; createdAt: number }[]> {
  const rows = await db
    .select({ ...compactFields, createdAt: evaluations.createdAt })
    .from(evaluations)
    .innerJoin(models, eq(models.id, evaluations.modelId))
    .where(ranked)
    .orderBy(desc(evaluations.createdAt), desc(evaluations.id))
    .limit(limit);
  return rows.map(({ createdAt, ...r }) => ({ row: toCompact(r), createdAt }));
}
