/**
 * The queue order. priority = votes + floor(days waiting / N): every N full days in the queue count as one more
 * vote, so an old submission with few votes climbs past botted newcomers. N is QUEUE_AGING_DAYS (config.ts,
 * shown on /queue). Ties go to the older submission, then to the smaller id (store/submissions.ts orders in SQL).
 * And the submission quota.
 */
import { DAY_MS } from "./time";

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
