/**
 * The D1 schema, the source of truth for the tables: migrations are generated from it by drizzle-kit. The
 * benchmarks' score columns and their rank indexes derive from the registry (domain/benchmarks.ts). Times are
 * integer milliseconds since the epoch unless the column name says `date`.
 */
import { sql } from "drizzle-orm";
import {
  index,
  integer,
  primaryKey,
  real,
  type SQLiteColumn,
  type SQLiteRealBuilderInitial,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";
import { BENCHMARK_KEYS, ERROR_COLUMNS, type ErrorColumn, SCORE_COLUMNS, type ScoreColumn } from "../domain/benchmarks";
import { CI_SOURCES } from "../domain/statistics";
import type { Provenance, SubtaskScore } from "../domain/provenance";
import { FLAG_KINDS, MODERATION_ACTIONS, MODERATION_SUBJECTS } from "../domain/moderation";
import { TRUST_LEVELS, type Differences, VERIFICATIONS } from "../domain/verification";
import {
  EVALUATION_STATUSES,
  MODEL_TYPES,
  PRECISIONS,
  SUBMISSION_KINDS,
  SUBMISSION_STATUSES,
  WEIGHT_TYPES,
} from "../domain/vocabulary";

const bool = (name: string) => integer(name, { mode: "boolean" }).notNull().default(false);
const millis = (name: string) => integer(name).notNull();
/** A required reference to the row that owns this one. */
const ownedBy = <N extends string>(name: N, target: () => SQLiteColumn) => text(name).notNull().references(target);

/** A real column per score column of the registry, each named as in SQL. */
function scoreColumns(): { [C in ScoreColumn]: SQLiteRealBuilderInitial<C> } {
  return Object.fromEntries(SCORE_COLUMNS.map((c) => [c, real(c)])) as {
    [C in ScoreColumn]: SQLiteRealBuilderInitial<C>;
  };
}

/** A real column per standard-error column of the registry, each named as in SQL. */
function errorColumns(): { [C in ErrorColumn]: SQLiteRealBuilderInitial<C> } {
  return Object.fromEntries(ERROR_COLUMNS.map((c) => [c, real(c)])) as {
    [C in ErrorColumn]: SQLiteRealBuilderInitial<C>;
  };
}

export const models = sqliteTable(
  "models",
  {
    /** The Hugging Face Hub id, `org/name`. */
    id: text("id").primaryKey(),
    license: text("license"),
    likes: integer("likes").notNull().default(0),
    merged: bool("merged"),
    moe: bool("moe"),
    /** Whether the model has a flag not lifted (model_flags): kept with every flag and lift, for the board. */
    flagged: bool("flagged"),
    officialProvider: bool("official_provider"),
    availableOnHub: integer("available_on_hub", { mode: "boolean" }).notNull().default(true),
    baseModel: text("base_model"),
    generation: integer("generation").notNull().default(0),
    uploadDate: text("upload_date"),
    createdAt: millis("created_at"),
    updatedAt: millis("updated_at"),
  },
  (t) => [
    // Hub ids are case-insensitive, so every lookup compares lower(id). Not unique: the old board's final data
    // holds two ids that differ only in case; a new model never adds another (store/evaluations.ts).
    index("models_key").on(sql`lower(${t.id})`),
  ],
);

/**
 * One run of the leaderboard suite on one model × revision × precision × chat-template setting.
 * Each benchmark gets a column pair (`<key>_raw` 0–1, `<key>` normalized 0–100) and a rank index so that
 * ranking, sorting and filtering stay in SQL on indexes; everything finer (subtasks with stderr, provenance) is JSON.
 * The model's type, size and architecture are the run's: the old board recorded them per evaluation, and they differ
 * between the runs of one model (a revision of another size, a submission under another type).
 */
export const evaluations = sqliteTable(
  "evaluations",
  {
    id: text("id").primaryKey(),
    modelId: ownedBy("model_id", () => models.id),
    revision: text("revision").notNull(),
    precision: text("precision", { enum: PRECISIONS }).notNull(),
    weightType: text("weight_type", { enum: WEIGHT_TYPES }).notNull().default("Original"),
    chatTemplate: bool("chat_template"),
    type: text("type", { enum: MODEL_TYPES }).notNull().default("other"),
    architecture: text("architecture"),
    paramsBillions: real("params_billions"),
    status: text("status", { enum: EVALUATION_STATUSES }).notNull(),
    /** Whether the numbers are believed (domain/verification.ts); `status` follows from it and the group. */
    verification: text("verification", { enum: VERIFICATIONS }).notNull().default("provisional"),
    ...scoreColumns(),
    /** Mean of the six normalized scores; null while any is missing. */
    average: real("average"),
    /** Each benchmark's standard error, normalized and raw (domain/statistics.ts); null where it has none. */
    ...errorColumns(),
    /** Bit i set when benchmark i (registry order) has an SE from the binomial estimate, not the harness's. */
    seEstimated: integer("se_estimated").notNull().default(0),
    /** Where the intervals come from (domain/statistics.ts `CiSource`); null on rows stored before they were. */
    ciSource: text("ci_source", { enum: CI_SOURCES }),
    /** Kilograms of CO₂; −1 when the evaluation time is unknown. */
    co2Kg: real("co2_kg").notNull().default(-1),
    /** `{ "<harness task>": { "metric", "value", "stderr" } }` for every task and subtask received. */
    subtasks: text("subtasks", { mode: "json" }).$type<Record<string, SubtaskScore>>(),
    /** Where the numbers came from; see `Provenance`. */
    provenance: text("provenance", { mode: "json" }).$type<Provenance>().notNull(),
    /** `seed`: imported from the old leaderboard's final data; `evaluator`: pushed by a registered evaluator. */
    source: text("source", { enum: ["seed", "evaluator"] }).notNull(),
    evaluatorId: text("evaluator_id").references(() => evaluators.id),
    submissionId: text("submission_id"),
    /** The date the old leaderboard recorded the submission, for seeded rows (`YYYY-MM-DD`). */
    submissionDate: text("submission_date"),
    createdAt: millis("created_at"),
  },
  (t) => [
    index("evaluations_model").on(t.modelId),
    index("evaluations_rank_average").on(t.status, t.average),
    ...BENCHMARK_KEYS.map((k) => index(`evaluations_rank_${k}`).on(t.status, t[k])),
    index("evaluations_created").on(t.createdAt),
    // The runs of one board row by submission date: the newest by a day is one probe (store/read/board-as-of.ts).
    index("evaluations_history").on(t.modelId, t.revision, t.precision, t.submissionDate, t.createdAt),
    // The board's first day, one step down this index.
    index("evaluations_submitted").on(t.submissionDate),
    index("evaluations_evaluator").on(t.evaluatorId, t.createdAt),
    // At most one run of a group (model × revision × precision × chat template) is on the board, verified
    // (`ranked`) or listed while none is (`candidate`): domain/verification.ts picks it.
    uniqueIndex("evaluations_one_shown")
      .on(t.modelId, t.revision, t.precision, t.chatTemplate)
      .where(sql`status in ('ranked', 'candidate')`),
  ],
);

/** A machine we do not run that pushes signed results. Revoked evaluators keep their history. */
export const evaluators = sqliteTable("evaluators", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  /** `trusted` runs rank at once; `community` runs wait for another evaluator to reproduce them. */
  trust: text("trust", { enum: TRUST_LEVELS }).notNull().default("community"),
  createdAt: millis("created_at"),
  revokedAt: integer("revoked_at"),
});

/**
 * Verification keys of an evaluator: an HMAC secret (`v1`, stored encrypted with EVALUATOR_SECRETS_KEY) or an
 * Ed25519 public key (`v1a`). A rotated key keeps verifying until `expires_at`; a revoked one (`revoked_at`) stops
 * at once.
 */
export const evaluatorKeys = sqliteTable(
  "evaluator_keys",
  {
    id: text("id").primaryKey(),
    evaluatorId: ownedBy("evaluator_id", () => evaluators.id),
    scheme: text("scheme", { enum: ["v1", "v1a"] }).notNull(),
    material: text("material").notNull(),
    createdAt: millis("created_at"),
    expiresAt: integer("expires_at"),
    revokedAt: integer("revoked_at"),
  },
  (t) => [index("evaluator_keys_evaluator").on(t.evaluatorId)],
);

/** Every accepted webhook message, by its idempotency key, with the answer given, so a retry gets the same. */
export const deliveries = sqliteTable(
  "deliveries",
  {
    evaluatorId: ownedBy("evaluator_id", () => evaluators.id),
    webhookId: text("webhook_id").notNull(),
    type: text("type").notNull(),
    receivedAt: millis("received_at"),
    bodySha256: text("body_sha256").notNull(),
    jobId: text("job_id"),
    evaluationId: text("evaluation_id"),
    responseStatus: integer("response_status").notNull(),
    response: text("response", { mode: "json" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.evaluatorId, t.webhookId] })],
);

/**
 * People, as verified by Hugging Face sign-in (`hf:` ids, or `dev:` names under DEV_AUTH), and one principal that
 * is nobody's sign-in: `podium`, the board itself, which asks for reproduction jobs (domain/vocabulary.ts).
 */
export const users = sqliteTable("users", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  avatarUrl: text("avatar_url"),
  createdAt: millis("created_at"),
});

/**
 * Signed-in sessions, one per sign-in. The cookie carries the id under a MAC; a session is valid while its row
 * exists and has not expired, so signing out (deleting the row) ends every copy of the cookie at once.
 */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: ownedBy("user_id", () => users.id),
    createdAt: millis("created_at"),
    expiresAt: millis("expires_at"),
  },
  (t) => [index("sessions_user").on(t.userId), index("sessions_expires").on(t.expiresAt)],
);

/**
 * A request to evaluate a model; it moves PENDING → RUNNING → FINISHED | FAILED and never disappears. A
 * `reproduction` is one Podium makes (its submitter is `podium`): rerun the evaluation `reproduces` names, by any
 * evaluator but the one that pushed it.
 */
export const submissions = sqliteTable(
  "submissions",
  {
    id: text("id").primaryKey(),
    kind: text("kind", { enum: SUBMISSION_KINDS }).notNull().default("submission"),
    reproduces: text("reproduces").references(() => evaluations.id),
    modelId: text("model_id").notNull(),
    /** `org` of the model id: the unit of the submission quota, compared in any case. */
    namespace: text("namespace").notNull(),
    revision: text("revision").notNull(),
    /** The commit the revision resolved to on the Hub; the revision itself when unverified. */
    sha: text("sha").notNull(),
    precision: text("precision", { enum: PRECISIONS }).notNull(),
    weightType: text("weight_type", { enum: WEIGHT_TYPES }).notNull(),
    baseModel: text("base_model"),
    modelType: text("model_type", { enum: MODEL_TYPES }).notNull(),
    chatTemplate: bool("chat_template"),
    /** False when the Hub checks were skipped (HUB_OFFLINE). */
    verified: bool("verified"),
    paramsBillions: real("params_billions"),
    license: text("license"),
    submitterId: ownedBy("submitter_id", () => users.id),
    /** Whether the submitter's Hub user name is the namespace: the owner has a quota of their own. */
    byOwner: bool("by_owner"),
    status: text("status", { enum: SUBMISSION_STATUSES }).notNull().default("PENDING"),
    evaluatorId: text("evaluator_id").references(() => evaluators.id),
    jobId: text("job_id"),
    leaseExpiresAt: integer("lease_expires_at"),
    failureReason: text("failure_reason"),
    evaluationId: text("evaluation_id").references(() => evaluations.id),
    createdAt: millis("created_at"),
    updatedAt: millis("updated_at"),
  },
  (t) => [
    index("submissions_status").on(t.status, t.createdAt),
    index("submissions_namespace").on(sql`lower(${t.namespace})`, t.createdAt),
    uniqueIndex("submissions_job").on(t.jobId),
    // The old rule: the same model + commit + precision is refused while queued or once evaluated, the model id
    // in any case (the Hub's ids are case-insensitive). Reproductions rerun what was evaluated, so they are apart.
    uniqueIndex("submissions_one_live")
      .on(sql`lower(${t.modelId})`, t.sha, t.precision)
      .where(sql`status <> 'FAILED' and kind = 'submission'`),
    index("submissions_reproduces").on(t.reproduces),
  ],
);

/** Every state change of a submission, timed; FAILED carries the evaluator's reason. */
export const submissionEvents = sqliteTable(
  "submission_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    submissionId: ownedBy("submission_id", () => submissions.id),
    status: text("status", { enum: SUBMISSION_STATUSES }).notNull(),
    at: millis("at"),
    reason: text("reason"),
    evaluatorId: text("evaluator_id"),
  },
  (t) => [index("submission_events_submission").on(t.submissionId, t.at)],
);

/** One vote per user per submission, enforced here; the daily cap counts these rows. */
export const votes = sqliteTable(
  "votes",
  {
    submissionId: ownedBy("submission_id", () => submissions.id),
    userId: ownedBy("user_id", () => users.id),
    createdAt: millis("created_at"),
  },
  (t) => [primaryKey({ columns: [t.submissionId, t.userId] }), index("votes_user").on(t.userId, t.createdAt)],
);

/** Small named values: `version:<read model>` changes on every write that can change its views (store/version.ts). */
export const meta = sqliteTable("meta", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});

/**
 * The board every isolate loads (one row at most): the board version its snapshot was built from and the snapshot's
 * KV key, written by the publisher only after the snapshot is in KV (use-cases/publish.ts).
 */
export const publishedBoard = sqliteTable("published_board", {
  id: integer("id").primaryKey(),
  version: text("version").notNull(),
  snapshotKey: text("snapshot_key").notNull(),
  publishedAt: integer("published_at").notNull(),
});

/** A pushed run compared with another source's run of its group: the differences per benchmark, and the verdict. */
export const reproductions = sqliteTable(
  "reproductions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** The run that was pushed. */
    evaluationId: ownedBy("evaluation_id", () => evaluations.id),
    /** The run it was compared with. */
    comparedId: ownedBy("compared_id", () => evaluations.id),
    /** Normalized points, the pushed run minus the compared one, per benchmark. */
    differences: text("differences", { mode: "json" }).$type<Differences>().notNull(),
    agreed: bool("agreed"),
    /** REPRODUCTION_TOLERANCE when they were compared. */
    tolerance: real("tolerance").notNull(),
    createdAt: millis("created_at"),
  },
  (t) => [index("reproductions_evaluation").on(t.evaluationId), index("reproductions_compared").on(t.comparedId)],
);

/**
 * Every change of a run's verification, timed and explained: the model history's timeline. Each write to a group
 * appends at least one event numbered after the group's last, and (group_key, group_seq) is unique, so two writes
 * that read the same group cannot both commit: the second fails and is judged again (store/verification.ts).
 */
export const verificationEvents = sqliteTable(
  "verification_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    evaluationId: ownedBy("evaluation_id", () => evaluations.id),
    /** lower(model id) | revision | precision | chat template (0 or 1). */
    groupKey: text("group_key").notNull(),
    groupSeq: integer("group_seq").notNull(),
    at: millis("at"),
    verification: text("verification", { enum: VERIFICATIONS }).notNull(),
    reason: text("reason").notNull(),
    /** Who decided, for admin decisions; null when the rules did. */
    actor: text("actor"),
  },
  (t) => [
    uniqueIndex("verification_events_group").on(t.groupKey, t.groupSeq),
    index("verification_events_evaluation").on(t.evaluationId, t.at),
  ],
);

/**
 * The public record of every admin action and every automatic flag, append-only: triggers in the migrations abort
 * any UPDATE or DELETE, and no endpoint edits or deletes it.
 */
export const moderationLog = sqliteTable(
  "moderation_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: millis("at"),
    action: text("action", { enum: MODERATION_ACTIONS }).notNull(),
    subjectType: text("subject_type", { enum: MODERATION_SUBJECTS }).notNull(),
    subjectId: text("subject_id").notNull(),
    reason: text("reason"),
    /** `admin` (the bearer token), `admin:<name>` as the holder named themselves, or `podium` for the rules. */
    actor: text("actor").notNull(),
    details: text("details", { mode: "json" }).$type<Record<string, unknown>>(),
  },
  (t) => [index("moderation_log_subject").on(t.subjectType, t.subjectId, t.id)],
);

/** A flag on a model (contamination, merge, license, other) with its reason; a lift keeps the row and says why. */
export const modelFlags = sqliteTable(
  "model_flags",
  {
    id: text("id").primaryKey(),
    modelId: ownedBy("model_id", () => models.id),
    kind: text("kind", { enum: FLAG_KINDS }).notNull(),
    reason: text("reason").notNull(),
    link: text("link"),
    createdAt: millis("created_at"),
    createdBy: text("created_by").notNull(),
    liftedAt: integer("lifted_at"),
    liftReason: text("lift_reason"),
    liftedBy: text("lifted_by"),
  },
  (t) => [index("model_flags_model").on(t.modelId, t.createdAt)],
);
