/**
 * Loads the old leaderboard's final data into an empty database: in one D1 batch (one transaction) up to
 * BATCH_ROWS rows, which holds the real board; a larger (synthetic) board in batches of BATCH_ROWS, as one batch
 * of 100,000 rows breaks Miniflare's connection. Rows travel as JSON through `json_each`, which keeps every
 * statement at one bound parameter (D1 allows 100) and loads thousands of rows in well under a second.
 *
 * A chunked seed that fails part way is retryable: the board version moves only in the last batch, so until then
 * the database holds seed rows and no board version, which the next call recognizes and completes (every insert
 * ignores a row already there, flags included, whose ids are derived from their model).
 */
import { count, getTableColumns, ne, sql, type SQL } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import type { BatchItem } from "drizzle-orm/batch";
import { scoreColumnsOf } from "../domain/benchmarks";
import { OLD_BOARD_FLAGGER, OLD_BOARD_FLAG_REASON } from "../domain/moderation";
import type { SeedData, SeedEvaluation, SeedModel } from "../domain/seed";
import { seededErrors, storedErrors } from "../domain/statistics";
import type { Db } from "./db";
import { evaluations, modelFlags, models } from "./schema";
import { bumpVersions, storedVersions } from "./version";

type NewModel = typeof models.$inferInsert;
type NewEvaluation = typeof evaluations.$inferInsert;
type NewFlag = typeof modelFlags.$inferInsert;

// Small enough that each bound JSON parameter stays far below D1's 2 MB value limit.
const CHUNK = 400;
/** Rows per D1 batch: the real board (9,153 rows with its models) fits one; 50,000 still passed Miniflare. */
export const BATCH_ROWS = 20_000;

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

/** Whether to seed: no evaluation yet, or only seed rows of a seed that failed before its last batch. */
async function seedWanted(db: Db): Promise<boolean> {
  const existing = await db.select({ n: count() }).from(evaluations).get();
  if ((existing?.n ?? 0) === 0) return true;
  const other = await db.select({ n: count() }).from(evaluations).where(ne(evaluations.source, "seed")).get();
  return (other?.n ?? 0) === 0 && (await storedVersions(db)).board === "0";
}

type Statement = () => BatchItem<"sqlite">;

/** Consecutive statements of at most `limit` rows together (each statement holds at most CHUNK). */
function batches(statements: readonly { rows: number; make: Statement }[], limit: number): Statement[][] {
  const out: Statement[][] = [];
  let current: Statement[] = [];
  let rows = 0;
  for (const s of statements) {
    if (rows + s.rows > limit && current.length) {
      out.push(current);
      current = [];
      rows = 0;
    }
    current.push(s.make);
    rows += s.rows;
  }
  out.push(current);
  return out;
}

/**
 * Inserts the data when no evaluation exists yet, or completes a chunked seed that failed part way; returns how
 * many evaluations the seed holds (0 if the database was not empty).
 */
export async function seedIfEmpty(db: Db, data: SeedData, now = Date.now(), batchRows = BATCH_ROWS): Promise<number> {
  if (!(await seedWanted(db))) return 0;

  const modelRow = (m: SeedModel): NewModel => ({ ...m, createdAt: now, updatedAt: now });
  const evaluationRow = (e: SeedEvaluation): NewEvaluation => {
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
  };

  // The old board's flag gives no reason: the flag says where it came from (the models keep `flagged`).
  const flagRows: NewFlag[] = data.models
    .filter((m) => m.flagged)
    .map((m) => ({
      id: `flag_seed_${m.id}`,
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

  const statements = [
    ...chunks(data.models, CHUNK).map((part) => ({
      rows: part.length,
      make: () =>
        db
          .insert(models)
          .select(selectFromJson(models, part.map(modelRow)))
          .onConflictDoNothing(),
    })),
    ...chunks(data.evaluations, CHUNK).map((part) => ({
      rows: part.length,
      make: () =>
        db
          .insert(evaluations)
          .select(selectFromJson(evaluations, part.map(evaluationRow)))
          .onConflictDoNothing(),
    })),
    ...chunks(flagRows, CHUNK).map((part) => ({
      rows: part.length,
      make: () => db.insert(modelFlags).select(selectFromJson(modelFlags, part)).onConflictDoNothing(),
    })),
  ];
  const parts = batches(statements, batchRows);
  // The version last: no view is keyed by a half-seeded board, and its absence marks the seed unfinished.
  parts.at(-1)?.push(() => bumpVersions(db, ["board"]));
  // Each batch's rows and JSON are built just before it is sent: building 100,000 rows at once held the event
  // loop long enough (13 s on a loaded machine) for Miniflare's connection to close under it ("other side closed").
  for (const part of parts)
    await db.batch(part.map((make) => make()) as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  return data.evaluations.length;
}
