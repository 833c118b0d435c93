/**
 * Verification: whether a run's numbers are believed, and which run of its group a board row shows. A group is
 * the runs of one model × commit × precision × chat-template setting. Every rule here is a pure function of the
 * group's runs, so each write that can change a group (a push, an admin decision, an evaluator's removal) asks
 * these functions inside its batch and the stored state cannot disagree with them.
 *
 * - A run starts `seed` (the old board's final data), `trusted` (pushed by a trusted evaluator) or `provisional`.
 * - A full run is compared with the group's other sources (another evaluator, or the seed; never its own):
 *   the shown verified run and every provisional run, or only the run its reproduction job names. Two runs agree
 *   when each normalized score differs by at most the tolerance.
 * - Agreeing with a verified run, or with a provisional one, makes a provisional run `reproduced`, and a
 *   provisional run that a verified run agrees with becomes `reproduced` too. Disagreeing with a verified run makes
 *   a run `disputed`; two unverified runs that disagree are both `disputed`. Verified runs keep their standing;
 *   a trusted run in a disagreement has its evaluator flagged for the admins instead.
 * - An admin decision makes a run `accepted` or `rejected`, whatever it was.
 */
import { BENCHMARK_KEYS, type BenchmarkKey } from "./benchmarks";
import type { EvaluationStatus } from "./vocabulary";

export const VERIFICATIONS = [
  "seed",
  "trusted",
  "reproduced",
  "accepted",
  "provisional",
  "disputed",
  "rejected",
] as const;
export type Verification = (typeof VERIFICATIONS)[number];

/** The verifications the default board ranks. */
export const VERIFIED: readonly Verification[] = ["seed", "trusted", "reproduced", "accepted"];

export function isVerified(v: Verification): boolean {
  return VERIFIED.includes(v);
}

/** An evaluator's standing: `trusted` operators are vouched for by the admins; everyone else is `community`. */
export const TRUST_LEVELS = ["trusted", "community"] as const;
export type Trust = (typeof TRUST_LEVELS)[number];

/** Scores within this much of the tolerance count as within it: a difference of 1.0 may be 1.0000000000000036. */
const EPSILON = 1e-9;

/** One run of a group, as the rules see it. */
export interface GroupRun {
  id: string;
  /** Who pushed it; null for a seeded run (the old board counts as one source of its own). */
  evaluatorId: string | null;
  /** A full run has all six benchmarks and no limit; only full runs are compared and shown. */
  full: boolean;
  createdAt: number;
  verification: Verification;
  /** Normalized scores (0–100) in BENCHMARK_KEYS order; null where missing. */
  scores: readonly (number | null)[];
}

/** Oldest first; ties by id, so the order is total. */
function byAge(a: GroupRun, b: GroupRun): number {
  return a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Each source's newest full run that is not rejected, oldest first: an evaluator's newer run replaces its own. */
export function currentRuns(group: readonly GroupRun[]): GroupRun[] {
  const latest = new Map<string | null, GroupRun>();
  for (const run of group) {
    if (!run.full || run.verification === "rejected") continue;
    const held = latest.get(run.evaluatorId);
    if (!held || byAge(run, held) > 0) latest.set(run.evaluatorId, run);
  }
  return [...latest.values()].sort(byAge);
}

/**
 * The run a row of the default board shows: among the current verified runs, the newest trusted or accepted
 * one, else the earliest reproduced or seed one; null when no run of the group is verified.
 */
export function shownRun(group: readonly GroupRun[]): GroupRun | null {
  const verified = currentRuns(group).filter((r) => isVerified(r.verification));
  const vouched = verified.filter((r) => r.verification === "trusted" || r.verification === "accepted");
  return vouched.at(-1) ?? verified[0] ?? null;
}

/**
 * Every run's place on the board: `ranked` for the shown run; while none is verified, `candidate` for the newest
 * current provisional run (listed only with `verification=all`); `partial` for a run that is not full;
 * `superseded` for every other run.
 */
export function placeRuns(group: readonly GroupRun[]): Map<string, EvaluationStatus> {
  const shown = shownRun(group);
  const candidate = shown
    ? null
    : (currentRuns(group)
        .filter((r) => r.verification === "provisional")
        .at(-1) ?? null);
  const places = new Map<string, EvaluationStatus>();
  for (const run of group) {
    if (!run.full) places.set(run.id, "partial");
    else if (run.id === shown?.id) places.set(run.id, "ranked");
    else if (run.id === candidate?.id) places.set(run.id, "candidate");
    else places.set(run.id, "superseded");
  }
  return places;
}

export type Differences = Record<BenchmarkKey, number | null>;

/**
 * Run `a` minus run `b` per benchmark (null where either lacks the score) and whether they agree: every one of
 * the six within `tolerance` points.
 */
export function compareScores(
  a: readonly (number | null)[],
  b: readonly (number | null)[],
  tolerance: number,
): { differences: Differences; agreed: boolean } {
  const differences = {} as Differences;
  let agreed = true;
  BENCHMARK_KEYS.forEach((key, i) => {
    const x = a[i] ?? null;
    const y = b[i] ?? null;
    const d = x === null || y === null ? null : x - y;
    differences[key] = d;
    if (d === null || Math.abs(d) > tolerance + EPSILON) agreed = false;
  });
  return { differences, agreed };
}

/** A pushed run compared with one run of its group. */
export interface Comparison {
  runId: string;
  comparedId: string;
  differences: Differences;
  agreed: boolean;
}

/** What storing a pushed run does to its group. */
export interface Judgement {
  /** The pushed run's verification once compared. */
  verification: Verification;
  /** Other runs whose verification changes. */
  changes: Array<{ id: string; verification: Verification }>;
  comparisons: Comparison[];
  /** Trusted runs that disagreed with another source's run: their evaluators are flagged for the admins. */
  flagged: Array<{ evaluatorId: string; runId: string; comparedId: string }>;
}

/** The runs a pushed run is compared with: the one its job names, else the shown verified run and the provisional ones. */
function referencesOf(group: readonly GroupRun[], pushed: GroupRun, target: string | undefined): GroupRun[] {
  const others = currentRuns(group).filter(
    (r) => r.evaluatorId !== pushed.evaluatorId && (isVerified(r.verification) || r.verification === "provisional"),
  );
  const targeted = target === undefined ? undefined : others.find((r) => r.id === target);
  if (targeted) return [targeted];
  const shown = shownRun(others);
  return [...(shown ? [shown] : []), ...others.filter((r) => r.verification === "provisional")];
}

/**
 * Judges a pushed run (its verification `trusted` or `provisional`, not yet in `group`) against its group: what
 * it becomes, what the runs it was compared with become, and which trusted evaluators disagree with another
 * source. `target` is the run a reproduction job it completes names. A partial run is compared with nothing.
 */
export function judgePush(group: readonly GroupRun[], pushed: GroupRun, tolerance: number, target?: string): Judgement {
  const none: Judgement = { verification: pushed.verification, changes: [], comparisons: [], flagged: [] };
  if (!pushed.full) return none;
  const compared = referencesOf(group, pushed, target).map((ref) => ({
    ref,
    ...compareScores(pushed.scores, ref.scores, tolerance),
  }));
  if (compared.length === 0) return none;

  const disagreesWithVerified = compared.some((c) => !c.agreed && isVerified(c.ref.verification));
  let verification = pushed.verification;
  if (disagreesWithVerified) verification = "disputed";
  else if (verification === "provisional") {
    verification = compared.some((c) => c.agreed) ? "reproduced" : "disputed";
  }

  const changes: Judgement["changes"] = [];
  const flagged: Judgement["flagged"] = [];
  for (const c of compared) {
    if (c.ref.verification === "provisional") {
      if (!c.agreed) changes.push({ id: c.ref.id, verification: "disputed" });
      else if (isVerified(verification)) changes.push({ id: c.ref.id, verification: "reproduced" });
    }
    if (c.agreed) continue;
    if (pushed.verification === "trusted" && pushed.evaluatorId !== null) {
      flagged.push({ evaluatorId: pushed.evaluatorId, runId: pushed.id, comparedId: c.ref.id });
    }
    if (c.ref.verification === "trusted" && c.ref.evaluatorId !== null) {
      flagged.push({ evaluatorId: c.ref.evaluatorId, runId: c.ref.id, comparedId: pushed.id });
    }
  }
  return {
    verification,
    changes,
    comparisons: compared.map((c) => ({
      runId: pushed.id,
      comparedId: c.ref.id,
      differences: c.differences,
      agreed: c.agreed,
    })),
    flagged,
  };
}

/** A reproduction job of the group that is still open. */
export interface OpenJob {
  id: string;
  /** The run it reproduces. */
  target: string;
  status: "PENDING" | "RUNNING";
}

/**
 * The queue's side of a group after a write: the waiting (PENDING) reproduction jobs that are no longer needed,
 * because their run was replaced, decided, or compared (a trusted run's audit), and the runs that need a job: every
 * current provisional run without an open one, and the trusted runs drawn for an audit (`audits`). A claimed
 * (RUNNING) job is never closed: its evaluator is at work, and its run is compared when it arrives.
 */
export function reproductionPlan(
  group: readonly GroupRun[],
  jobs: readonly OpenJob[],
  compared: ReadonlySet<string>,
  audits: readonly string[] = [],
): { close: string[]; open: string[] } {
  const current = new Map(currentRuns(group).map((r) => [r.id, r]));
  const needed = (id: string) => {
    const run = current.get(id);
    if (!run) return false;
    return run.verification === "provisional" || (run.verification === "trusted" && !compared.has(id));
  };
  const close = jobs.filter((j) => j.status === "PENDING" && !needed(j.target)).map((j) => j.id);
  const covered = new Set(jobs.filter((j) => !close.includes(j.id)).map((j) => j.target));
  const open = [
    ...[...current.values()].filter((r) => r.verification === "provisional").map((r) => r.id),
    ...audits.filter((id) => current.get(id)?.verification === "trusted"),
  ].filter((id) => !covered.has(id));
  return { close, open: [...new Set(open)] };
}
