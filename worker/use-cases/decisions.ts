/**
 * Admin decisions on runs: accept or reject one evaluation (resolving a dispute, or removing a run), and deleting
 * an evaluator with the runs nobody reproduced rejected. Each rewrites the groups it touches by the rules of
 * domain/verification.ts in one batch with its moderation log entry, and is judged again when another write to a
 * group committed first.
 */
import { done, type Outcome, refused } from "../domain/refusals";
import { placeRuns } from "../domain/verification";
import { isUniqueViolation } from "../store/conditional";
import type { Db } from "../store/db";
import { findEvaluator, revokeEvaluatorStatements } from "../store/evaluators";
import type { NewLogEntry } from "../store/moderation";
import { commitGroupWrites, groupOfEvaluation, readGroup, unreproducedRuns } from "../store/verification";
import { decidedGroup } from "./verification";

const ATTEMPTS = 5;

export type Decision = "accept" | "reject";

/** Accepts or rejects evaluation `id` with the admin's reason; its new verification and board place. */
export async function decideEvaluation(
  db: Db,
  id: string,
  d: { decision: Decision; reason: string; actor: string; tolerance: number; now: number },
): Promise<Outcome<{ verification: "accepted" | "rejected"; status: string }, "no_evaluation" | "group_busy">> {
  const key = await groupOfEvaluation(db, id);
  if (!key) return refused({ reason: "no_evaluation", evaluationId: id });
  const verification = d.decision === "accept" ? "accepted" : "rejected";
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const group = await readGroup(db, key);
    const before = group.runs.find((r) => r.id === id)?.verification;
    const write = decidedGroup(group, [id], { verification, reason: d.reason, actor: d.actor }, d.now, d.tolerance);
    const log: NewLogEntry = {
      at: d.now,
      action: d.decision === "accept" ? "evaluation.accepted" : "evaluation.rejected",
      subjectType: "evaluation",
      subjectId: id,
      reason: d.reason,
      actor: d.actor,
      details: { model_id: key.modelId, revision: key.revision, precision: key.precision, from: before ?? null },
    };
    try {
      await commitGroupWrites(db, [write], [log]);
      return done({ verification, status: placeRuns(write.runs).get(id) ?? "superseded" });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
  }
  return refused({ reason: "group_busy" });
}

/**
 * Revokes evaluator `id`; with `rejectRuns`, also rejects in the same batch every full run of its that no other
 * source agreed with. How many runs were rejected.
 */
export async function deleteEvaluator(
  db: Db,
  id: string,
  d: { rejectRuns: boolean; actor: string; tolerance: number; now: number },
): Promise<Outcome<{ name: string; revokedAt: number; rejected: string[] }, "no_evaluator" | "group_busy">> {
  const evaluator = await findEvaluator(db, id);
  if (!evaluator) return refused({ reason: "no_evaluator", evaluatorId: id });
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const targets = d.rejectRuns ? await unreproducedRuns(db, id) : [];
    const rejected = targets.flatMap((t) => t.ids);
    const reason = `evaluator ${id} was deleted with its runs that nobody reproduced`;
    const writes = await Promise.all(
      targets.map(async (t) =>
        decidedGroup(
          await readGroup(db, t.key),
          t.ids,
          { verification: "rejected", reason, actor: d.actor },
          d.now,
          d.tolerance,
        ),
      ),
    );
    const log: NewLogEntry = {
      at: d.now,
      action: "evaluator.deleted",
      subjectType: "evaluator",
      subjectId: id,
      reason: d.rejectRuns ? `deleted; ${rejected.length} unreproduced run(s) rejected` : null,
      actor: d.actor,
      details: { name: evaluator.name, reject_runs: d.rejectRuns, rejected },
    };
    try {
      await commitGroupWrites(db, writes, [], revokeEvaluatorStatements(db, id, d.now, log));
      const after = await findEvaluator(db, id);
      return done({ name: evaluator.name, revokedAt: after?.revokedAt ?? d.now, rejected });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
  }
  return refused({ reason: "group_busy" });
}
