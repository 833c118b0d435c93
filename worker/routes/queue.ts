/** GET /api/v1/queue: every submission with its state, votes, priority and timed history. */
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../context";
import { agingDays, queueEntry } from "../domain/queue";
import { SUBMISSION_STATUSES } from "../domain/vocabulary";
import { currentUser } from "../middleware/session";
import { listQueue } from "../store/submissions";

export const queueQuery = z.object({
  status: z.enum(SUBMISSION_STATUSES).optional().openapi({ description: "Only entries in this state" }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

const route = createRoute({
  method: "get",
  path: "/api/v1/queue",
  request: { query: queueQuery },
  responses: { 200: { description: "Queue entries, highest priority first" } },
});

export const queueApi = createRouter().openapi(route, async (c) => {
  const q = c.req.valid("query");
  const n = agingDays(c.env.QUEUE_AGING_DAYS);
  const { entries, total } = await listQueue(c.var.db, {
    ...q,
    now: Date.now(),
    agingDays: n,
    userId: (await currentUser(c))?.id,
  });
  return c.json({
    data: entries.map(queueEntry),
    total,
    priority_rule: { aging_days: n, formula: `votes + floor(days waiting / ${n})` },
  });
});
