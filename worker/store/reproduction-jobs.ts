/**
 * Reproduction jobs: submissions of kind `reproduction` that Podium itself asks for (submitter `podium`), to rerun a
 * stored run by another evaluator. They wait, are claimed and finish like any submission (store/jobs.ts); these are
 * the statements that open one beside the write that needs it, and close a waiting one that is no longer needed.
 */
import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { namespaceOf, PODIUM_USER } from "../domain/vocabulary";
import { insertWhere } from "./conditional";
import type { Db } from "./db";
import { evaluations, submissionEvents, submissions } from "./schema";

/** The run a job reproduces, as the job hands it to an evaluator. */
export interface ReproducedRun {
  evaluationId: string;
  modelId: string;
  revision: string;
  precision: (typeof submissions.$inferInsert)["precision"];
  weightType: (typeof submissions.$inferInsert)["weightType"];
  chatTemplate: boolean;
  baseModel: string | null;
}

/** The words a job's first event says. */
export const queuedReason = (evaluationId: string) => `queued: reproduce evaluation ${evaluationId}`;

/**
 * The statements that queue a reproduction of `run` (after the run's own insert, which they reference). The job
 * carries the run's own type: a model's type is its runs' (store/schema.ts).
 */
export function openReproduction(db: Db, id: string, run: ReproducedRun, now: number): BatchItem<"sqlite">[] {
  return [
    db.insert(submissions).values({
      id,
      kind: "reproduction",
      reproduces: run.evaluationId,
      modelId: run.modelId,
      namespace: namespaceOf(run.modelId),
      revision: run.revision,
      sha: run.revision,
      precision: run.precision,
      weightType: run.weightType,
      baseModel: run.baseModel,
      modelType: sql`coalesce((${db
        .select({ type: evaluations.type })
        .from(evaluations)
        .where(eq(evaluations.id, run.evaluationId))}), 'other')`,
      chatTemplate: run.chatTemplate,
      // Nothing was checked on the Hub: the commit is the one the run reported.
      verified: false,
      paramsBillions: null,
      license: null,
      submitterId: PODIUM_USER,
      byOwner: false,
      status: "PENDING",
      createdAt: now,
      updatedAt: now,
    }),
    db
      .insert(submissionEvents)
      .values({ submissionId: id, status: "PENDING", at: now, reason: queuedReason(run.evaluationId) }),
  ];
}

/**
 * The statements that finish a waiting reproduction job without a run of its own, saying why (its run was
 * reproduced, replaced or decided); `by` is the evaluation that settled it, if one did. A job claimed meanwhile
 * is left alone.
 */
export function closeReproduction(
  db: Db,
  id: string,
  why: { reason: string; by: string | null },
  now: number,
): BatchItem<"sqlite">[] {
  const waiting = and(eq(submissions.id, id), eq(submissions.status, "PENDING"), eq(submissions.kind, "reproduction"));
  return [
    insertWhere(
      db,
      submissionEvents,
      { submissionId: id, status: "FINISHED", at: now, reason: why.reason },
      sql`exists (select 1 from submissions where ${waiting})`,
    ),
    db
      .update(submissions)
      .set({ status: "FINISHED", evaluationId: why.by, leaseExpiresAt: null, updatedAt: now })
      .where(waiting),
  ];
}

/**
 * The query of the open (waiting or claimed) reproduction jobs of the runs `runs` selects (a subquery of
 * evaluation ids), unrun so that it can join a batch.
 */
export function openReproductions(db: Db, runs: SQL) {
  return db
    .select({ id: submissions.id, target: submissions.reproduces, status: submissions.status })
    .from(submissions)
    .where(
      and(
        eq(submissions.kind, "reproduction"),
        inArray(submissions.status, ["PENDING", "RUNNING"]),
        sql`${submissions.reproduces} in ${runs}`,
      ),
    );
}

/** The rows `openReproductions` answers, as the jobs a group holds open. */
export function openJobs(
  rows: ReadonlyArray<{ id: string; target: string | null; status: string }>,
): Array<{ id: string; target: string; status: "PENDING" | "RUNNING" }> {
  return rows.map((r) => ({
    id: r.id,
    target: r.target ?? "",
    status: r.status === "RUNNING" ? "RUNNING" : "PENDING",
  }));
}
