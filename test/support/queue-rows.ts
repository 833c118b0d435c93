/** Submissions written straight into D1 (as if queued at any time in the past), for queue and lease tests. */
import { env } from "cloudflare:test";
import type { SubmissionRow } from "../../worker/store/submissions";
import { database } from "../../worker/store/db";
import { submissionEvents, submissions, users, votes } from "../../worker/store/schema";

const db = database(env.DB);

/** Inserts users `voter-0..n-1` (once) so votes can reference them. */
export async function voters(n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, (_, i) => `dev:voter-${i}`);
  for (const id of ids) {
    await db
      .insert(users)
      .values({ id, name: id.slice(4), createdAt: 0 })
      .onConflictDoNothing();
  }
  return ids;
}

/** A PENDING (or other) submission created `createdAt`, with `voteCount` votes from voter-0…; returns the row. */
export async function queued(
  id: string,
  o: {
    createdAt: number;
    voteCount?: number;
    status?: SubmissionRow["status"];
    leaseExpiresAt?: number;
    jobId?: string;
  },
): Promise<void> {
  const who = await voters(Math.max(1, o.voteCount ?? 0));
  await db.insert(submissions).values({
    id,
    modelId: `queue-org/${id}`,
    namespace: "queue-org",
    revision: "main",
    sha: `sha-${id}`,
    precision: "bfloat16",
    weightType: "Original",
    modelType: "chat",
    submitterId: who[0]!,
    status: o.status ?? "PENDING",
    leaseExpiresAt: o.leaseExpiresAt ?? null,
    jobId: o.jobId ?? null,
    evaluatorId: null,
    createdAt: o.createdAt,
    updatedAt: o.createdAt,
  });
  await db.insert(submissionEvents).values({ submissionId: id, status: "PENDING", at: o.createdAt });
  for (const userId of who.slice(0, o.voteCount ?? 0)) {
    await db.insert(votes).values({ submissionId: id, userId, createdAt: o.createdAt });
  }
}
