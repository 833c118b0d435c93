/**
 * The submission quota in SQL (the rule is domain/queue.ts SUBMISSION_QUOTA): counts of the namespace's
 * submissions in the window, FAILED ones left out, for the owner's own share, the others' shared one and each
 * other submitter's part of it. Part of the submissions aggregate, kept apart so the queue's module stays small.
 */
import { and, count, desc, eq, gt, ne, sql, type SQL } from "drizzle-orm";
import { SUBMISSION_QUOTA } from "../domain/queue";
import { type Refused, refused } from "../domain/refusals";
import { DAY_MS } from "../domain/time";
import type { Db } from "./db";
import { sameHubName } from "./models";
import { submissions } from "./schema";

const WINDOW_MS = SUBMISSION_QUOTA.windowDays * DAY_MS;

interface Limit {
  name: "owner" | "namespace" | "submitter";
  quota: number;
  /** Which of the namespace's submissions count against it. */
  counts: SQL | undefined;
}

/** The limits a submission must stay under: the owner's own, or the others' shared one and the submitter's part. */
function limitsFor(row: { byOwner?: boolean; submitterId: string }): Limit[] {
  if (row.byOwner) {
    return [
      {
        name: "owner",
        quota: SUBMISSION_QUOTA.owner,
        counts: eq(submissions.byOwner, true),
      },
    ];
  }
  return [
    {
      name: "submitter",
      quota: SUBMISSION_QUOTA.perSubmitter,
      counts: and(eq(submissions.byOwner, false), eq(submissions.submitterId, row.submitterId)),
    },
    {
      name: "namespace",
      quota: SUBMISSION_QUOTA.others,
      counts: eq(submissions.byOwner, false),
    },
  ];
}

function counted(namespace: string, now: number, limit: Limit): SQL | undefined {
  return and(
    sameHubName(submissions.namespace, namespace),
    gt(submissions.createdAt, now - WINDOW_MS),
    ne(submissions.status, "FAILED"),
    limit.counts,
  );
}

/** The condition, for one conditional insert (exact under concurrency), that `row` is within every limit. */
export function underQuota(
  db: Db,
  row: { namespace: string; byOwner?: boolean; submitterId: string },
  now: number,
): SQL {
  const within = limitsFor(row).map(
    (limit) =>
      sql`${db
        .select({ n: count() })
        .from(submissions)
        .where(counted(row.namespace, now, limit))} < ${limit.quota}`,
  );
  return sql.join(within, sql` and `);
}

/**
 * Why the quota refused a submission: the limit it hit, and when the oldest submission counted against that limit
 * leaves the window (a FAILED one frees its slot sooner).
 */
export async function quotaRefusal(
  db: Db,
  row: { namespace: string; byOwner?: boolean; submitterId: string },
  now: number,
): Promise<Refused<"quota">> {
  const limits = limitsFor(row);
  let hit = limits[limits.length - 1] as Limit;
  let freesAt = now;
  for (const limit of limits) {
    const inWindow = await db
      .select({ createdAt: submissions.createdAt })
      .from(submissions)
      .where(counted(row.namespace, now, limit))
      .orderBy(desc(submissions.createdAt))
      .limit(limit.quota);
    const blocking = inWindow[limit.quota - 1];
    if (blocking) {
      [hit, freesAt] = [limit, blocking.createdAt + WINDOW_MS];
      break;
    }
  }
  return refused({
    reason: "quota",
    limit: hit.name,
    quota: hit.quota,
    namespace: row.namespace,
    windowDays: SUBMISSION_QUOTA.windowDays,
    freesAt,
    now,
  });
}
