/**
 * Judging a group for the writes that change it: a pushed run (compared with the group's other sources, with its
 * reproduction or audit job), an admin's decision on a run, the rejection of a removed evaluator's runs. Each
 * turns the stored group (store/verification.ts) into its new state by the rules of domain/verification.ts, with
 * the words of every event; the callers write it in their batch and judge again when another write got there first.
 */
import { BENCHMARK_KEYS } from "../domain/benchmarks";
import { RULES_ACTOR } from "../domain/moderation";
import {
  currentRuns,
  type Differences,
  type GroupRun,
  judgePush,
  reproductionPlan,
  type Trust,
  type Verification,
} from "../domain/verification";
import type { WeightType } from "../domain/vocabulary";
import type { NewLogEntry } from "../store/moderation";
import type { GroupWrite, StoredGroup, VerificationEvent } from "../store/verification";

/** Where two runs differ by more than the tolerance, in words: `bbh +2.31, math −1.50`. */
export function differencesOutside(differences: Differences, tolerance: number): string {
  const out = BENCHMARK_KEYS.flatMap((k) => {
    const d = differences[k];
    if (d === null) return [`${k} missing`];
    if (Math.abs(d) <= tolerance + 1e-9) return [];
    return [`${k} ${d > 0 ? "+" : "−"}${Math.abs(d).toFixed(2)}`];
  });
  return out.join(", ");
}

/** The jobs a write closes and opens, with the words each closed job's history gets. */
function jobsAfter(
  group: StoredGroup,
  runs: readonly GroupRun[],
  compared: ReadonlySet<string>,
  audits: readonly string[],
  by: string | null,
): GroupWrite["jobs"] {
  const plan = reproductionPlan(runs, group.jobs, compared, audits);
  const current = new Set(currentRuns(runs).map((r) => r.id));
  const verificationOf = new Map(runs.map((r) => [r.id, r.verification]));
  return {
    close: plan.close.map((id) => {
      const target = group.jobs.find((j) => j.id === id)?.target ?? "";
      const state = current.has(target)
        ? `is ${verificationOf.get(target)}${compared.has(target) && by ? ` after evaluation ${by}` : ""}`
        : verificationOf.get(target) === "rejected"
          ? "was rejected"
          : "was replaced by a newer run of its evaluator";
      return { id, reason: `no longer needed: evaluation ${target} ${state}`, by };
    }),
    open: plan.open.map((target) => ({ id: crypto.randomUUID(), target })),
  };
}

/** A run being pushed, as the judgement needs it. */
export interface PushedRun {
  id: string;
  evaluatorId: string;
  trust: Trust;
  full: boolean;
  /** Normalized, in BENCHMARK_KEYS order. */
  scores: (number | null)[];
  weightType: WeightType;
  /** The run a reproduction job it completes names. */
  target?: string | undefined;
}

export interface JudgeOptions {
  tolerance: number;
  auditRate: number;
  /** A uniform draw in [0, 1): whether a trusted run is audited. Injected so that tests are seeded. */
  random: () => number;
  now: number;
}

/** What storing `push` does to its group, and the flags it raises for the moderation log. */
export function judgedPush(
  group: StoredGroup,
  push: PushedRun,
  o: JudgeOptions,
): { write: GroupWrite; log: NewLogEntry[] } {
  const initial: Verification = push.trust === "trusted" ? "trusted" : "provisional";
  const run = {
    id: push.id,
    evaluatorId: push.evaluatorId,
    full: push.full,
    createdAt: o.now,
    verification: initial,
    scores: push.scores,
    weightType: push.weightType,
  };
  const judged = judgePush(group.runs, run, o.tolerance, push.target);
  const changes = new Map(judged.changes.map((c) => [c.id, c.verification]));
  const runs = [
    ...group.runs.map((r) => ({ ...r, verification: changes.get(r.id) ?? r.verification })),
    { ...run, verification: judged.verification },
  ];

  const tol = `${o.tolerance} point${o.tolerance === 1 ? "" : "s"}`;
  const events: VerificationEvent[] = [
    {
      evaluationId: push.id,
      verification: initial,
      reason: !push.full
        ? "partial run: kept with its model, never ranked"
        : initial === "trusted"
          ? "pushed by a trusted evaluator"
          : "pushed by a community evaluator: provisional until another evaluator reproduces it",
      actor: null,
    },
  ];
  const byCompared = new Map(judged.comparisons.map((c) => [c.comparedId, c]));
  if (judged.verification !== initial) {
    const decisive = judged.comparisons.find((c) => (judged.verification === "reproduced" ? c.agreed : !c.agreed));
    events.push({
      evaluationId: push.id,
      verification: judged.verification,
      reason: decisive?.agreed
        ? `agrees with evaluation ${decisive.comparedId} within ${tol} on every benchmark`
        : `disagrees with evaluation ${decisive?.comparedId} by more than ${tol}: ${
            decisive ? differencesOutside(decisive.differences, o.tolerance) : ""
          }`,
      actor: null,
    });
  }
  for (const change of judged.changes) {
    const c = byCompared.get(change.id);
    events.push({
      evaluationId: change.id,
      verification: change.verification,
      reason:
        change.verification === "reproduced"
          ? `reproduced by evaluation ${push.id} within ${tol} on every benchmark`
          : `disputed by evaluation ${push.id}: more than ${tol} apart on ${
              c ? differencesOutside(c.differences, o.tolerance) : "a benchmark"
            }`,
      actor: null,
    });
  }

  const audits =
    push.full && judged.verification === "trusted" && judged.comparisons.length === 0 && o.random() < o.auditRate
      ? [push.id]
      : [];
  const compared = new Set(judged.comparisons.map((c) => c.comparedId));
  const write: GroupWrite = {
    group,
    runs,
    events,
    comparisons: judged.comparisons,
    tolerance: o.tolerance,
    jobs: jobsAfter(group, runs, compared, audits, push.id),
    now: o.now,
  };
  const log = judged.flagged.map((f): NewLogEntry => {
    const c = judged.comparisons.find((x) => x.comparedId === (f.runId === push.id ? f.comparedId : f.runId));
    return {
      at: o.now,
      action: "evaluator.flagged",
      subjectType: "evaluator",
      subjectId: f.evaluatorId,
      reason: `its trusted run ${f.runId} and evaluation ${f.comparedId}, from another source, are more than ${tol} apart${
        c ? `: ${differencesOutside(c.differences, o.tolerance)}` : ""
      }`,
      actor: RULES_ACTOR,
      details: { evaluation_id: f.runId, compared_id: f.comparedId, differences: c?.differences ?? null },
    };
  });
  return { write, log };
}

/** The group after an admin's decision on one of its runs: accepted or rejected, whatever it was. */
export function decidedGroup(
  group: StoredGroup,
  runIds: readonly string[],
  verdict: { verification: "accepted" | "rejected"; reason: string; actor: string },
  now: number,
  tolerance: number,
): GroupWrite {
  const decided = new Set(runIds);
  const runs = group.runs.map((r) => (decided.has(r.id) ? { ...r, verification: verdict.verification } : r));
  return {
    group,
    runs,
    events: runIds.map((id) => ({
      evaluationId: id,
      verification: verdict.verification,
      reason: verdict.reason,
      actor: verdict.actor,
    })),
    comparisons: [],
    tolerance,
    jobs: jobsAfter(group, runs, new Set(), [], null),
    now,
  };
}
