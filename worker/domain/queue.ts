/**
 * The queue order. priority = votes + floor(days waiting / N): every N full days in the queue count as one more
 * vote, so an old submission with few votes climbs past botted newcomers. N is QUEUE_AGING_DAYS (shown on
 * /queue). Ties go to the older submission, then to the smaller id (store/submissions.ts orders in SQL).
 */

export const DAY_MS = 24 * 60 * 60 * 1000;

/** The aging period N in days from config; at least 1, default 3. */
export function agingDays(raw: string | undefined): number {
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 ? n : 3;
}

/** votes + floor((now − createdAt) / (N days)); never less than votes (clock skew counts as no wait). */
export function priority(votes: number, createdAt: number, now: number, n: number): number {
  const waited = Math.max(0, now - createdAt);
  return votes + Math.floor(waited / (n * DAY_MS));
}

/**
 * The submission quota per namespace (the `org/` of a model id) and window, FAILED submissions never counted:
 * the namespace's owner (the Hub user of that name) has `owner` of their own, so nobody else can lock them out;
 * everyone else shares `others`, at most `perSubmitter` each, so one account cannot use up what they share.
 */
export const SUBMISSION_QUOTA = { owner: 5, others: 5, perSubmitter: 2, windowDays: 7 } as const;

/** The quota in words, for the submit page. */
export const QUOTA_RULE =
  `Quota, per namespace (the org/ of the model id) and ${SUBMISSION_QUOTA.windowDays} days, failed submissions not ` +
  `counted: its owner (the Hub user of that name) has ${SUBMISSION_QUOTA.owner} of their own; everyone else shares ` +
  `${SUBMISSION_QUOTA.others}, at most ${SUBMISSION_QUOTA.perSubmitter} each.`;

/** Whether the Hub user `userName` owns `namespace` (Hub names are case-insensitive). */
export function ownsNamespace(userName: string, namespace: string): boolean {
  return userName.toLowerCase() === namespace.toLowerCase();
}

/** The votes a user may cast in 24 hours, from VOTE_DAILY_CAP; at least 1, default 20. */
export function dailyCap(raw: string | undefined): number {
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 ? n : 20;
}

/** The lease length in ms from LEASE_HOURS; default 6 h. */
export function leaseMs(raw: string | undefined): number {
  const h = Number(raw);
  return (Number.isFinite(h) && h > 0 ? h : 6) * 60 * 60 * 1000;
}

export interface QueueEntryInput {
  submission: {
    id: string;
    modelId: string;
    revision: string;
    sha: string;
    precision: string;
    weightType: string;
    modelType: string;
    baseModel: string | null;
    chatTemplate: boolean;
    verified: boolean;
    status: string;
    failureReason: string | null;
    evaluationId: string | null;
    leaseExpiresAt: number | null;
    createdAt: number;
    updatedAt: number;
  };
  votes: number;
  priority: number;
  voted: boolean;
  history: { status: string; at: number; reason: string | null }[];
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The API shape of one queue entry: snake_case, ISO times, its whole timed history, FAILED with its reason. */
export function queueEntry(e: QueueEntryInput) {
  const s = e.submission;
  return {
    id: s.id,
    model: s.modelId,
    revision: s.revision,
    sha: s.sha,
    precision: s.precision,
    weight_type: s.weightType,
    model_type: s.modelType,
    base_model: s.baseModel,
    chat_template: s.chatTemplate,
    verified: s.verified,
    status: s.status,
    votes: e.votes,
    priority: e.priority,
    voted: e.voted,
    failure_reason: s.failureReason,
    evaluation_id: s.evaluationId,
    submitted_at: iso(s.createdAt),
    updated_at: iso(s.updatedAt),
    lease_expires_at: iso(s.leaseExpiresAt),
    history: e.history.map((h) => ({ status: h.status, at: iso(h.at), reason: h.reason })),
  };
}
export type QueueEntryJson = ReturnType<typeof queueEntry>;
