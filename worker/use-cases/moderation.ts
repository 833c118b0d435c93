/** Reading the moderation log, newest first, for the API and the page alike. */
import type { Db } from "../store/db";
import { listEntries } from "../store/moderation";

/** A page of the log, newest first. */
export function moderationLogPage(db: Db, q: { limit: number; offset: number }) {
  return listEntries(db, q);
}
