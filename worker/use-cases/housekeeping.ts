/**
 * The Cron Trigger's work (wrangler.toml `crons`): jobs whose lease ran out go back to the queue, and the rows of
 * expired sessions are dropped.
 */
import type { Db } from "../store/db";
import { releaseExpiredLeases } from "../store/jobs";
import { purgeExpiredSessions } from "../store/sessions";

export async function housekeeping(db: Db, now: number): Promise<void> {
  await releaseExpiredLeases(db, now);
  await purgeExpiredSessions(db, now);
}
