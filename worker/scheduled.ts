/**
 * The Cron Trigger (wrangler.toml `crons`): returns evaluation jobs whose lease ran out to the queue, and drops
 * the rows of expired sessions.
 */
import { database } from "./store/db";
import { purgeExpiredSessions } from "./store/sessions";
import { releaseExpiredLeases } from "./store/submissions";

export const scheduled: ExportedHandlerScheduledHandler<Env> = async (controller, env) => {
  const db = database(env.DB);
  await releaseExpiredLeases(db, controller.scheduledTime);
  await purgeExpiredSessions(db, controller.scheduledTime);
};
