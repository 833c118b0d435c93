/** The Cron Trigger (wrangler.toml `crons`): returns evaluation jobs whose lease ran out to the queue. */
import { database } from "./store/db";
import { releaseExpiredLeases } from "./store/submissions";

export const scheduled: ExportedHandlerScheduledHandler<Env> = async (controller, env) => {
  await releaseExpiredLeases(database(env.DB), controller.scheduledTime);
};
