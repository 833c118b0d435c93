/**
 * A group's stored state (its runs, their open reproduction jobs, its last verification event) and the statements
 * that write a new one: each run's verification, the board place domain/verification.ts gives it, the events that
 * explain every change, the comparisons, the jobs opened and closed. Every write appends events numbered after the
 * group's last, and (group_key, group_seq) is unique: of two writes that read the same group, one fails its batch
 * (a unique violation) and is judged again on what the other wrote, so the stored places never disagree with
 * the rule.
 */
import { and, eq, max, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { BENCHMARK_KEYS } from "../domain/benchmarks";
import { type Comparison, type GroupRun, type OpenJob, placeRuns, type Verification } from "../domain/verification";
import type { EvaluationStatus, Precision, WeightType } from "../domain/vocabulary";
import type { Db } from "./db";
import { appendEntry, type NewLogEntry } from "./moderation";
import { closeReproduction, openJobs, openReproduction, openReproductions } from "./reproduction-jobs";
import { evaluations, models, reproductions, verificationEvents } from "./schema";
import { bumpVersions, type ReadModel } from "./version";

/** One model (as stored) × revision × precision × chat-template setting. */
export interface GroupKey {
  modelId: string;
  revision: string;
  precision: Precision;
  chatTemplate: boolean;
}

/** The key the group's events are numbered under: the model id in lower case, so case variants share it. */
export function groupKeyText(key: GroupKey): string {
  return `${key.modelId.toLowerCase()}|${key.revision}|${key.precision}|${key.chatTemplate ? 1 : 0}`;
}

const inGroup = (key: GroupKey) =>
  and(
    eq(evaluations.modelId, key.modelId),
    eq(evaluations.revision, key.revision),
    eq(evaluations.precision, key.precision),
    eq(evaluations.chatTemplate, key.chatTemplate),
  );

/** A run of a group as stored: the rules' view of it, its board place and its weights (a job reruns them). */
export interface StoredRun extends GroupRun {
  status: EvaluationStatus;
  weightType: WeightType;
}

export interface StoredGroup {
  key: GroupKey;
  runs: StoredRun[];
  jobs: OpenJob[];
  /** The number of the group's last verification event (0 for none). */
  lastSeq: number;
  /** The model's base model, which a reproduction job carries; null for a model not stored yet. */
  model: { baseModel: string | null } | null;
}

const runFields = {
  id: evaluations.id,
  evaluatorId: evaluations.evaluatorId,
  status: evaluations.status,
  verification: evaluations.verification,
  createdAt: evaluations.createdAt,
  weightType: evaluations.weightType,
  ...Object.fromEntries(BENCHMARK_KEYS.map((k) => [k, evaluations[k]])),
} as const;

/**
 * The group's runs, open jobs, last event number and model, as stored now: one batch, so one round trip to D1
 * and one consistent reading of the four (a batch runs as a transaction).
 */
export async function readGroup(db: Db, key: GroupKey): Promise<StoredGroup> {
  const runs = db.select({ id: evaluations.id }).from(evaluations).where(inGroup(key));
  const [rows, jobRows, seqRows, modelRows] = await db.batch([
    db.select(runFields).from(evaluations).where(inGroup(key)),
    openReproductions(db, sql`(${runs})`),
    db
      .select({ last: max(verificationEvents.groupSeq) })
      .from(verificationEvents)
      .where(eq(verificationEvents.groupKey, groupKeyText(key))),
    db.select({ baseModel: models.baseModel }).from(models).where(eq(models.id, key.modelId)).limit(1),
  ]);
  const jobs = openJobs(jobRows);
  const seq = seqRows[0];
  const model = modelRows[0];
  return {
    key,
    runs: rows.map((r) => {
      const row = r as unknown as Record<string, number | null>;
      return {
        id: r.id,
        evaluatorId: r.evaluatorId,
        full: r.status !== "partial",
        createdAt: r.createdAt,
        verification: r.verification,
        status: r.status,
        weightType: r.weightType,
        scores: BENCHMARK_KEYS.map((k) => row[k] ?? null),
      };
    }),
    jobs,
    lastSeq: seq?.last ?? 0,
    model: model ?? null,
  };
}

/** Why a run's verification is what it is now, for its timeline. */
export interface VerificationEvent {
  evaluationId: string;
  verification: Verification;
  reason: string;
  actor: string | null;
}

/** A new state of a group, judged from the stored one. */
export interface GroupWrite {
  group: StoredGroup;
  /** Every run after the write with its verification, a pushed run included. */
  runs: ReadonlyArray<GroupRun & { weightType: WeightType }>;
  /** At least one: the events are what makes two writes of one group exclusive. */
  events: VerificationEvent[];
  comparisons: Comparison[];
  tolerance: number;
  jobs: {
    close: Array<{ id: string; reason: string; by: string | null }>;
    open: Array<{ id: string; target: string }>;
  };
  now: number;
}

const shown = (status: EvaluationStatus | undefined) => status === "ranked" || status === "candidate";

/**
 * The statements of a group write, in an order the one-shown-per-group index accepts: runs leaving the board
 * first, then the other changed runs, then the pushed run's insert (given its board place), then what refers to
 * it. Returns the pushed run's place too, for its answer.
 */
export function groupStatements(
  db: Db,
  write: GroupWrite,
  pushed?: { id: string; insert: (status: EvaluationStatus) => BatchItem<"sqlite"> },
): { statements: BatchItem<"sqlite">[]; places: Map<string, EvaluationStatus> } {
  if (write.events.length === 0) throw new Error("a group write must append a verification event");
  const places = placeRuns(write.runs);
  const verificationOf = new Map(write.runs.map((r) => [r.id, r.verification]));
  const changed = write.group.runs.filter(
    (r) => places.get(r.id) !== r.status || verificationOf.get(r.id) !== r.verification,
  );
  const leaving = changed.filter((r) => shown(r.status) && !shown(places.get(r.id)));
  const others = changed.filter((r) => !leaving.includes(r));
  const update = (r: StoredRun) =>
    db
      .update(evaluations)
      .set({ status: places.get(r.id) ?? r.status, verification: verificationOf.get(r.id) ?? r.verification })
      .where(eq(evaluations.id, r.id));
  const key = groupKeyText(write.group.key);
  const statements: BatchItem<"sqlite">[] = [
    ...leaving.map(update),
    ...others.map(update),
    ...(pushed ? [pushed.insert(places.get(pushed.id) ?? "partial")] : []),
    db
      .insert(verificationEvents)
      .values(
        write.events.map((e, i) => ({ ...e, groupKey: key, groupSeq: write.group.lastSeq + 1 + i, at: write.now })),
      ),
  ];
  if (write.comparisons.length) {
    statements.push(
      db.insert(reproductions).values(
        write.comparisons.map((c) => ({
          evaluationId: c.runId,
          comparedId: c.comparedId,
          differences: c.differences,
          agreed: c.agreed,
          tolerance: write.tolerance,
          createdAt: write.now,
        })),
      ),
    );
  }
  for (const job of write.jobs.close) statements.push(...closeReproduction(db, job.id, job, write.now));
  for (const job of write.jobs.open) {
    const run = write.runs.find((r) => r.id === job.target);
    if (!run) continue;
    statements.push(
      ...openReproduction(
        db,
        job.id,
        {
          evaluationId: run.id,
          ...write.group.key,
          weightType: run.weightType,
          baseModel: write.group.model?.baseModel ?? null,
        },
        write.now,
      ),
    );
  }
  return { statements, places };
}

/** The group of a stored evaluation, or undefined for an unknown id. */
export async function groupOfEvaluation(db: Db, id: string): Promise<GroupKey | undefined> {
  return db
    .select({
      modelId: evaluations.modelId,
      revision: evaluations.revision,
      precision: evaluations.precision,
      chatTemplate: evaluations.chatTemplate,
    })
    .from(evaluations)
    .where(eq(evaluations.id, id))
    .get();
}

/**
 * The groups of `evaluatorId`'s full runs that no other source agreed with (provisional, disputed or trusted and
 * never in an agreeing comparison), with those runs' ids: what deleting it with `reject_runs` rejects.
 */
export async function unreproducedRuns(db: Db, evaluatorId: string): Promise<Array<{ key: GroupKey; ids: string[] }>> {
  const rows = await db
    .select({
      id: evaluations.id,
      modelId: evaluations.modelId,
      revision: evaluations.revision,
      precision: evaluations.precision,
      chatTemplate: evaluations.chatTemplate,
    })
    .from(evaluations)
    .where(
      and(
        eq(evaluations.evaluatorId, evaluatorId),
        sql`${evaluations.status} <> 'partial'`,
        sql`${evaluations.verification} in ('provisional', 'disputed', 'trusted')`,
        sql`not exists (select 1 from reproductions r where r.agreed = 1
          and (r.evaluation_id = ${evaluations.id} or r.compared_id = ${evaluations.id}))`,
      ),
    );
  const groups = new Map<string, { key: GroupKey; ids: string[] }>();
  for (const { id, ...key } of rows) {
    const text = groupKeyText(key);
    const group = groups.get(text) ?? { key, ids: [] };
    group.ids.push(id);
    groups.set(text, group);
  }
  return [...groups.values()];
}

/**
 * Commits group writes (each an admin decision's new state of one group) with their log entries and `alongside`
 * statements in ONE batch, moving the board, moderation and (when jobs change) queue versions. Throws a unique
 * violation when another write to one of the groups committed first: the caller reads and judges again.
 */
export async function commitGroupWrites(
  db: Db,
  writes: readonly GroupWrite[],
  log: readonly NewLogEntry[],
  alongside: readonly BatchItem<"sqlite">[] = [],
): Promise<void> {
  const moved: [ReadModel, ...ReadModel[]] = ["moderation"];
  if (writes.length) moved.push("board");
  if (writes.some((w) => w.jobs.open.length || w.jobs.close.length)) moved.push("queue");
  await db.batch([
    bumpVersions(db, moved),
    ...writes.flatMap((w) => groupStatements(db, w).statements),
    ...log.map((entry) => appendEntry(db, entry)),
    ...alongside,
  ]);
}
