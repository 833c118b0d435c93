/**
 * The board's read side: the compact board (every ranked evaluation joined with its model) for the query engine,
 * the SQL top-N path for the front view, one model with its whole history, and the newest ranked evaluations.
 */
import { and, asc, count, desc, eq, gt, inArray, sql } from "drizzle-orm";
import { BENCHMARK_KEYS } from "../domain/benchmarks";
import type { CompactRow, RankedRow } from "../domain/board";
import type { Db } from "./db";
import { findModel, modelRowsOf } from "./models";
import { evaluations, models } from "./schema";

export type EvaluationRow = typeof evaluations.$inferSelect;
export type ModelRow = typeof models.$inferSelect;

// Explicit, uniquely named fields: joined selects of whole tables lose one of the two `id` columns in D1 batches.
const compactFields = {
  id: evaluations.id,
  model: evaluations.modelId,
  revision: evaluations.revision,
  type: models.type,
  architecture: models.architecture,
  params: models.paramsBillions,
  license: models.license,
  likes: models.likes,
  precision: evaluations.precision,
  weightType: evaluations.weightType,
  chatTemplate: evaluations.chatTemplate,
  merged: models.merged,
  moe: models.moe,
  flagged: models.flagged,
  official: models.officialProvider,
  available: models.availableOnHub,
  baseModel: models.baseModel,
  generation: models.generation,
  uploadDate: models.uploadDate,
  submissionDate: evaluations.submissionDate,
  co2: evaluations.co2Kg,
  average: evaluations.average,
  ifeval_raw: evaluations.ifevalRaw,
  ifeval_norm: evaluations.ifeval,
  bbh_raw: evaluations.bbhRaw,
  bbh_norm: evaluations.bbh,
  math_raw: evaluations.mathRaw,
  math_norm: evaluations.math,
  gpqa_raw: evaluations.gpqaRaw,
  gpqa_norm: evaluations.gpqa,
  musr_raw: evaluations.musrRaw,
  musr_norm: evaluations.musr,
  mmlu_pro_raw: evaluations.mmluProRaw,
  mmlu_pro_norm: evaluations.mmluPro,
};

type Selected = Omit<CompactRow, "raw" | "normalized"> & Record<string, unknown>;

function toCompact(row: Selected): CompactRow {
  const raw: (number | null)[] = [];
  const normalized: (number | null)[] = [];
  for (const key of BENCHMARK_KEYS) {
    raw.push((row[`${key}_raw`] as number | null) ?? null);
    normalized.push((row[`${key}_norm`] as number | null) ?? null);
  }
  return {
    id: row.id,
    model: row.model,
    revision: row.revision,
    type: row.type,
    architecture: row.architecture,
    // The old data marks an unknown size with a negative number.
    params: row.params === null || row.params < 0 ? null : row.params,
    license: row.license,
    likes: row.likes,
    precision: row.precision,
    weightType: row.weightType,
    chatTemplate: row.chatTemplate,
    merged: row.merged,
    moe: row.moe,
    flagged: row.flagged,
    official: row.official,
    available: row.available,
    baseModel: row.baseModel,
    generation: row.generation,
    uploadDate: row.uploadDate,
    submissionDate: row.submissionDate,
    co2: row.co2,
    average: row.average,
    raw,
    normalized,
  };
}

const ranked = eq(evaluations.status, "ranked");
// The engine's canonical order: average desc, then model, precision and id, so both paths agree on ties.
const canonicalOrder = [
  desc(evaluations.average),
  asc(evaluations.modelId),
  asc(evaluations.precision),
  asc(evaluations.id),
];

/** Every ranked evaluation as a compact row, in the board's canonical order. */
export async function loadCompactBoard(db: Db): Promise<CompactRow[]> {
  const rows = await db
    .select(compactFields)
    .from(evaluations)
    .innerJoin(models, eq(models.id, evaluations.modelId))
    .where(ranked)
    .orderBy(...canonicalOrder);
  return (rows as unknown as Selected[]).map(toCompact);
}

/**
 * A page of the front view from SQL: ranked rows by the six-benchmark average, best first, on the
 * (status, average) index. Ties share a rank (1 + the number of strictly better averages).
 */
export async function rankedPage(
  db: Db,
  page: { limit: number; offset: number },
): Promise<{ rows: RankedRow[]; total: number }> {
  const rank = sql<number>`(select count(*) + 1 from evaluations as better
    where better.status = 'ranked' and better.average > ${evaluations.average})`;
  const [rows, totals] = await Promise.all([
    db
      .select({ ...compactFields, rank })
      .from(evaluations)
      .innerJoin(models, eq(models.id, evaluations.modelId))
      .where(ranked)
      .orderBy(...canonicalOrder)
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: count() }).from(evaluations).where(ranked),
  ]);
  return {
    total: totals[0]?.n ?? 0,
    rows: rows.map((r) => {
      const row = toCompact(r as unknown as Selected);
      return { rank: r.rank, average: row.average, pinned: false, row };
    }),
  };
}

export interface ModelHistory {
  model: ModelRow;
  /** Every evaluation of the model, any status, newest first. */
  evaluations: EvaluationRow[];
  /** Static board rank of each ranked evaluation, by evaluation id. */
  ranks: Record<string, number>;
  /** Ranked evaluations on the whole board. */
  boardSize: number;
}

/**
 * A model with its whole history and the current rank of each ranked run; undefined for an unknown id. The id
 * matches in any case, and the history is that of every row of the model in any case.
 */
export async function modelHistory(db: Db, id: string): Promise<ModelHistory | undefined> {
  const [model, history, totals] = await Promise.all([
    findModel(db, id),
    db
      .select()
      .from(evaluations)
      .where(inArray(evaluations.modelId, modelRowsOf(db, id)))
      .orderBy(desc(evaluations.createdAt), desc(evaluations.id)),
    db.select({ n: count() }).from(evaluations).where(ranked),
  ]);
  if (!model) return undefined;
  const rankedRuns = history.filter((e) => e.status === "ranked" && e.average !== null);
  const counts = await Promise.all(
    rankedRuns.map((e) =>
      db
        .select({ n: count() })
        .from(evaluations)
        .where(and(ranked, gt(evaluations.average, e.average as number)))
        .get(),
    ),
  );
  const ranks: Record<string, number> = {};
  rankedRuns.forEach((e, i) => {
    ranks[e.id] = (counts[i]?.n ?? 0) + 1;
  });
  return { model, evaluations: history, ranks, boardSize: totals[0]?.n ?? 0 };
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
  return rows.map((r) => ({ row: toCompact(r as unknown as Selected), createdAt: r.createdAt }));
}
