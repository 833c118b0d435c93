/**
 * The Worker's configuration: every [vars] value and secret of wrangler.toml (and the optional
 * SESSION_SECRET_PREVIOUS) read once per bindings object, which is the same object for every request of an
 * isolate, and handed to routes as `c.var.config` (edge/configure.ts). A bad number or switch falls back to its
 * documented default, as the Worker always did; a secret too short to key a MAC or a cipher is named in
 * `weakSecrets`, and the edge refuses to serve while one is.
 */
import { z } from "zod";
import { strongEnough } from "./domain/secret-strength";

const HOUR_MS = 3_600_000;

/** A `"true"` switch: anything else is off. */
const flag = z
  .string()
  .optional()
  .catch(undefined)
  .transform((value) => value === "true");
/** A whole number of at least 1, or `fallback`. */
const count = (fallback: number) => z.coerce.number().int().min(1).catch(fallback);
/** A finite number of hours, or `fallback`. */
const hours = (fallback: number, min: "positive" | "non-negative") =>
  (min === "positive" ? z.coerce.number().positive() : z.coerce.number().min(0)).catch(fallback);
/** A number in [min, max], or `fallback`. */
const between = (fallback: number, min: number, max: number) => z.coerce.number().min(min).max(max).catch(fallback);
/** A string binding; absent is empty. */
const text = z
  .string()
  .optional()
  .catch(undefined)
  .transform((value) => value ?? "");

const vars = z.object({
  DEV_AUTH: flag,
  HUB_OFFLINE: flag,
  HUB_BASE_URL: text,
  QUEUE_AGING_DAYS: count(3),
  VOTE_DAILY_CAP: count(20),
  LEASE_HOURS: hours(6, "positive"),
  ROTATION_GRACE_HOURS: hours(24, "non-negative"),
  REPRODUCTION_TOLERANCE: between(1, 0, 100),
  AUDIT_RATE: between(0.1, 0, 1),
  BOARD_PUBLISH_SECONDS: between(10, 0, 3600),
  ISLAND_BOARD_MAX_ROWS: count(5_000),
  ADMIN_TOKEN: text,
  SESSION_SECRET: text,
  SESSION_SECRET_PREVIOUS: text,
  EVALUATOR_SECRETS_KEY: text,
  HF_CLIENT_ID: text,
  HF_CLIENT_SECRET: text,
});

export interface Config {
  /** /auth/dev may sign people in (only on localhost and without an OAuth client: edge/session.ts). */
  devAuth: boolean;
  /** Skip the Hub checks of a submission and mark it unverified. */
  hubOffline: boolean;
  hubBaseUrl: string;
  /** N of the queue priority: one extra vote every N days waiting. */
  queueAgingDays: number;
  /** Votes a user may cast in 24 hours. */
  voteDailyCap: number;
  /** How long a claimed job is held before it returns to the queue. */
  leaseMs: number;
  /** How long a rotated evaluator key keeps verifying. */
  rotationGraceMs: number;
  /** Normalized points per benchmark within which two runs of one group agree. */
  reproductionTolerance: number;
  /** The share of trusted runs that get an independent reproduction job, drawn at random. */
  auditRate: number;
  /** At most one board publish per this long (0 publishes on every change: the tests' deterministic wait). */
  boardPublishMs: number;
  /** Above this many evaluations the board's island asks the API for each view instead of downloading the board. */
  islandBoardMaxRows: number;
  /** The admin bearer token; `problem` when it is missing or too short to resist guessing. */
  admin: { token: string; problem: "missing" | "weak" | null };
  /** The session secrets: `current` signs and verifies, `previous` (a rotation's grace) only verifies. */
  sessionSecrets: { current: string; previous: string | undefined };
  evaluatorSecretsKey: string;
  /** The Hugging Face OAuth app, or null when none is configured. */
  oauth: { clientId: string; clientSecret: string } | null;
  /** The deployed code's version id: cache keys and ETags carry it, so a deploy never serves the last one's. */
  deployedVersion: string;
  /** Secrets that key MACs or encryption and are too short: while any is, the Worker serves only /healthz. */
  weakSecrets: string[];
}

/** The configuration in `env`, validated. Pure: `configOf` remembers it per bindings object. */
export function parseConfig(env: Env): Config {
  const v = vars.parse(env);
  const secrets: Array<[string, string]> = [
    ["SESSION_SECRET", v.SESSION_SECRET],
    ["EVALUATOR_SECRETS_KEY", v.EVALUATOR_SECRETS_KEY],
  ];
  // Optional: only while a rotation's grace lasts; empty counts as unset.
  if (v.SESSION_SECRET_PREVIOUS) secrets.push(["SESSION_SECRET_PREVIOUS", v.SESSION_SECRET_PREVIOUS]);
  return {
    devAuth: v.DEV_AUTH,
    hubOffline: v.HUB_OFFLINE,
    hubBaseUrl: v.HUB_BASE_URL,
    queueAgingDays: v.QUEUE_AGING_DAYS,
    voteDailyCap: v.VOTE_DAILY_CAP,
    leaseMs: v.LEASE_HOURS * HOUR_MS,
    rotationGraceMs: v.ROTATION_GRACE_HOURS * HOUR_MS,
    reproductionTolerance: v.REPRODUCTION_TOLERANCE,
    auditRate: v.AUDIT_RATE,
    boardPublishMs: v.BOARD_PUBLISH_SECONDS * 1000,
    islandBoardMaxRows: v.ISLAND_BOARD_MAX_ROWS,
    admin: {
      token: v.ADMIN_TOKEN,
      problem: !v.ADMIN_TOKEN ? "missing" : strongEnough(v.ADMIN_TOKEN) ? null : "weak",
    },
    sessionSecrets: { current: v.SESSION_SECRET, previous: v.SESSION_SECRET_PREVIOUS || undefined },
    evaluatorSecretsKey: v.EVALUATOR_SECRETS_KEY,
    oauth: v.HF_CLIENT_ID && v.HF_CLIENT_SECRET ? { clientId: v.HF_CLIENT_ID, clientSecret: v.HF_CLIENT_SECRET } : null,
    // Optional: the binding is absent where the Worker runs without wrangler's config (e.g. a bare Miniflare).
    deployedVersion: (env.CF_VERSION_METADATA as WorkerVersionMetadata | undefined)?.id ?? "dev",
    weakSecrets: secrets.filter(([, value]) => !strongEnough(value)).map(([name]) => name),
  };
}

const parsed = new WeakMap<Env, Config>();

/** The configuration of a bindings object, parsed on its first request and kept for the isolate's life. */
export function configOf(env: Env): Config {
  let config = parsed.get(env);
  if (!config) {
    config = parseConfig(env);
    parsed.set(env, config);
  }
  return config;
}
