/** Evaluations: storing a pushed run with what it does to its group (the board's reads are in store/read/). */
import { desc, inArray, type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Db } from "./db";
import type { BatchItem } from "drizzle-orm/batch";
import { scoreColumnsOf } from "../domain/benchmarks";
import type { InterpretedEvaluation } from "../domain/harness/interpret";
import type { Provenance } from "../domain/provenance";
import { storedErrors } from "../domain/statistics";
import { iso } from "../domain/time";
import type { Verification } from "../domain/verification";
import { insertWhere } from "./conditional";
import { insertDelivery, type NewDelivery } from "./deliveries";
import { modelRowsOf, storedModelId } from "./models";
import { appendEntry, type NewLogEntry } from "./moderation";
import { type GroupWrite, groupStatements } from "./verification";
import { bumpVersions, type ReadModel } from "./version";
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
  /** The run's group after it: its verification (the pushed run's `verification` in `write.runs`) and the rest. */
  write: GroupWrite;
  /** Entries for the moderation log (a trusted evaluator flagged by a disagreement). */
  log?: NewLogEntry[];
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
 * existing one keeps its metadata and its spelling, and the run joins it), writes its group's new state (the
 * board place of every run, verification events, comparisons, reproduction jobs: store/verification.ts), inserts
 * the evaluation, the log entries and the delivery, and moves the versions of what it changed. The delivery goes
 * last, so a duplicate webhook id (a concurrent retry) fails the whole batch and leaves nothing behind; so does a
 * concurrent write to the same group (a unique violation of its event numbers), which the caller judges again.
 * The model is resolved inside the batch, so case variants of a new model pushed at once still make one model.
 * Answers the run's board place.
 */
export async function ingestPushedEvaluation(db: Db, input: NewPushedEvaluation) {
  const { evaluation: e, now, write } = input;
  const errors = storedErrors(e.errors);
  const revision = write.group.key.revision;
  const log = input.log ?? [];
  const run = write.runs.find((r) => r.id === input.id);
  if (!run) throw new Error("the group write must hold the pushed run");
  const verification: Verification = run.verification;
  const group = groupStatements(db, write, {
    id: input.id,
    insert: (status) =>
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
        status,
        verification,
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
  });
  const moved: [ReadModel, ...ReadModel[]] = ["board"];
  if (write.jobs.open.length || write.jobs.close.length) moved.push("queue");
  if (log.length) moved.push("moderation");
  const statements: BatchItem<"sqlite">[] = [
    bumpVersions(db, moved),
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
    ...group.statements,
    ...log.map((entry) => appendEntry(db, entry)),
    insertDelivery(db, input.delivery),
    ...(input.alongside ?? []),
  ];
  await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  return { status: group.places.get(input.id) ?? "partial", verification };
}
