/** Listing the queue, highest priority first, for the API and the page alike. */
import type { SubmissionStatus } from "../domain/vocabulary";
import type { Db } from "../store/db";
import { listQueue } from "../store/submissions";

/** A page of the queue (optionally of one status) with votes, priority, history and whether `userId` voted. */
export function queuePage(
  db: Db,
  q: {
    status?: SubmissionStatus | undefined;
    limit: number;
    offset: number;
    agingDays: number;
    userId?: string | undefined;
  },
  now: number,
) {
  return listQueue(db, { ...q, now });
}
