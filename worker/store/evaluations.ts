/** Evaluations: storing a pushed run (the board's reads are in store/read/). */
import { and, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Db } from "./db";
import type { BatchItem } from "drizzle-orm/batch";
import { scoreColumnsOf } from "../domain/benchmarks";
import type { InterpretedEvaluation } from "../domain/harness/interpret";
import type { Provenance } from "../domain/provenance";
import { storedErrors } from "../domain/statistics";
import { isFullCommit } from "../domain/hub";
import { iso } from "../domain/time";
import { insertWhere } from "./conditional";
import { insertDelivery, type NewDelivery } from "./deliveries";
import { modelRowsOf, storedModelId } from "./models";
import { bumpVersions } from "./version";
import { ranked } from "./read/rank";
import { evaluations, models } from "./schema";

export type EvaluationRow = typeof evaluations.$inferSelect;

/** A pushed evaluation, ready to store: the interpreted results plus who sent it and the answer it gets. */
export interface NewPushedEvaluation {
  id: string;
  evaluatorId: string;
  evaluation: InterpretedEvaluation;
  provenance: Provenance;
  delivery: NewDelivery;
  now: number;
  /** Statements that must commit with the ingest, run after it (the queue's job completion). */
  alongside?: BatchItem<"sqlite">[];
}

/**
 * `column` of the model's newest earlier run, at `revision` if it has one there: what a run that does not say its
 * type, size or architecture keeps of the model's (null for a new model).
 */
function earlier<T>(db: Db, modelId: string, revision: string, column: SQLiteColumn): SQL<T | null> {
  const previous = db
    .select({ value: column })
    .from(evaluations)
    .where(inArray(evaluations.modelId, modelRowsOf(db, modelId)))
    .orderBy(desc(sql`${evaluations.revision} = ${revision}`), desc(evaluations.createdAt), desc(evaluations.id))
    .limit(1);
  return sql<T | null>`(${previous})`;
}

/**
 * Stores a pushed evaluation in ONE batch (one transaction): creates the model if unknown in any case (an
 * existing one keeps its metadata and its spelling, and the run joins it), retires the ranked run of the same
 * model × revision × precision when the new run is full, inserts the evaluation and the delivery, and moves the
 * data version. The delivery goes last, so a duplicate webhook id (a concurrent retry) fails the whole batch and
 * leaves nothing behind. The model is resolved inside the batch, so case variants of a new model pushed at
 * once still make one model.
 */
export async function ingestPushedEvaluation(db: Db, input: NewPushedEvaluation): Promise<void> {
  const { evaluation: e, now } = input;
  const errors = storedErrors(e.errors);
  // A commit is one commit in either case: stored in lower case, so the same run supersedes its predecessor.
  const revision = isFullCommit(e.model.revision) ? e.model.revision.toLowerCase() : e.model.revision;
  const sameRun = and(
    inArray(evaluations.modelId, modelRowsOf(db, e.model.id)),
    eq(evaluations.revision, revision),
    eq(evaluations.precision, e.model.precision),
    ranked,
  );
  const statements: BatchItem<"sqlite">[] = [
    bumpVersions(db, ["board"]),
    insertWhere(
      db,
      models,
      {
        id: e.model.id,
        baseModel: e.model.baseModel,
        createdAt: now,
        updatedAt: now,
      },
      sql`not exists ${modelRowsOf(db, e.model.id)}`,
    ),
  ];
  if (e.status === "ranked") {
    statements.push(db.update(evaluations).set({ status: "superseded" }).where(sameRun));
  }
  statements.push(
    db.insert(evaluations).values({
      id: input.id,
      modelId: storedModelId(e.model.id),
      revision,
      precision: e.model.precision,
      weightType: e.model.weightType,
      chatTemplate: e.model.chatTemplate,
      type: e.model.modelType ?? sql`coalesce(${earlier(db, e.model.id, revision, evaluations.type)}, 'other')`,
      architecture: earlier(db, e.model.id, revision, evaluations.architecture),
      paramsBillions: e.model.paramsBillions ?? earlier(db, e.model.id, revision, evaluations.paramsBillions),
      status: e.status,
      ...scoreColumnsOf(e.scores),
      average: e.average,
      ...errors.columns,
      seEstimated: errors.estimatedMask,
      ciSource: errors.source,
      co2Kg: e.co2Kg,
      subtasks: e.subtasks,
      provenance: input.provenance,
      source: "evaluator",
      evaluatorId: input.evaluatorId,
      submissionId: null,
      submissionDate: iso(now).slice(0, 10),
      createdAt: now,
    }),
    insertDelivery(db, input.delivery),
    ...(input.alongside ?? []),
  );
  await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
}
