/**
 * Loads the old leaderboard's final data into an empty database, in one D1 batch (one transaction).
 * Rows travel as JSON through `json_each`, which keeps every statement at one bound parameter (D1 allows 100)
 * and loads thousands of rows in well under a second.
 */
import { count, getTableColumns, sql, type SQL } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import type { BatchItem } from "drizzle-orm/batch";
import { scoreColumnsOf } from "../domain/benchmarks";
import { OLD_BOARD_FLAGGER, OLD_BOARD_FLAG_REASON } from "../domain/moderation";
import type { SeedData } from "../domain/seed";
import { seededErrors, storedErrors } from "../domain/statistics";
import type { Db } from "./db";
import { evaluations, modelFlags, models } from "./schema";
import { bumpVersions } from "./version";

type NewModel = typeof models.$inferInsert;
type NewEvaluation = typeof evaluations.$inferInsert;
type NewFlag = typeof modelFlags.$inferInsert;

// Small enough that each bound JSON parameter stays far below D1's 2 MB value limit.
const CHUNK = 400;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * `SELECT <every column of table, in table order> FROM json_each(rows)`: each row object is keyed by the
 * table's property names. Objects (JSON columns) are stored as their JSON text.
 */
function selectFromJson(table: SQLiteTable, rows: readonly object[]): SQL {
  const columns = Object.keys(getTableColumns(table)).map((key) => sql.raw(`j.value ->> '$.${key}'`));
  const json = JSON.stringify(
    rows.map((row) =>
      Object.fromEntries(
        Object.entries(row).map(([k, v]) => [k, v !== null && typeof v === "object" ? JSON.stringify(v) : v]),
      ),
    ),
  );
  return sql`select ${sql.join(columns, sql`, `)} from json_each(${json}) as j where true`;
}

/** Inserts the data when no evaluation exists yet; returns how many evaluations it inserted (0 if not empty). */
export async function seedIfEmpty(db: Db, data: SeedData, now = Date.now()): Promise<number> {
  const existing = await db.select({ n: count() }).from(evaluations).get();
  if ((existing?.n ?? 0) > 0) return 0;

  const modelRows: NewModel[] = data.models.map((m) => ({ ...m, createdAt: now, updatedAt: now }));
  const evaluationRows: NewEvaluation[] = data.evaluations.map((e) => {
    // The final data has no stderr: every interval is the documented estimate from the raw values.
    const errors = storedErrors(seededErrors(e.scores));
    return {
      id: `seed:${e.seedId}`,
      modelId: e.modelId,
      revision: e.revision,
      precision: e.precision,
      weightType: e.weightType,
      chatTemplate: e.chatTemplate,
      type: e.type,
      architecture: e.architecture,
      paramsBillions: e.paramsBillions,
      status: "ranked",
      verification: "seed",
      ...scoreColumnsOf(e.scores),
      average: e.average,
      ...errors.columns,
      seEstimated: errors.estimatedMask,
      ciSource: errors.source,
      co2Kg: e.co2Kg,
      subtasks: null,
      provenance: { seedId: e.seedId },
      source: "seed",
      evaluatorId: null,
      submissionId: null,
      submissionDate: e.submissionDate,
      createdAt: now,
    };
  });

  // The old board's flag gives no reason: the flag says where it came from (the models keep `flagged`).
  const flagRows: NewFlag[] = data.models
    .filter((m) => m.flagged)
    .map((m) => ({
      id: `flag_${crypto.randomUUID()}`,
      modelId: m.id,
      kind: "other",
      reason: OLD_BOARD_FLAG_REASON,
      link: null,
      createdAt: now,
      createdBy: OLD_BOARD_FLAGGER,
      liftedAt: null,
      liftReason: null,
      liftedBy: null,
    }));

  const statements: BatchItem<"sqlite">[] = [
    ...chunks(modelRows, CHUNK).map((part) =>
      db.insert(models).select(selectFromJson(models, part)).onConflictDoNothing(),
    ),
    ...chunks(evaluationRows, CHUNK).map((part) =>
      db.insert(evaluations).select(selectFromJson(evaluations, part)).onConflictDoNothing(),
    ),
    ...chunks(flagRows, CHUNK).map((part) => db.insert(modelFlags).select(selectFromJson(modelFlags, part))),
  ];
  await db.batch([bumpVersions(db, ["board"]), ...statements]);
  return evaluationRows.length;
}
