/** GET /api/v1/queue: every submission with its state, votes, priority and timed history. */
import { createRoute } from "@hono/zod-openapi";
import { createRouter } from "../../edge/context";
import { currentUser } from "../../edge/session";
import { errorContent, jsonContent } from "../../schemas/common";
import { priorityRule, queueEntryJson, queuePage, queueQuery } from "../../schemas/queue";
import { queuePage as listQueue } from "../../use-cases/queue";

// Not cached: priority grows with waiting time, and the answer says which entries the visitor voted for.
const route = createRoute({
  method: "get",
  path: "/api/v1/queue",
  tags: ["Queue"],
  operationId: "getQueue",
  summary: "The evaluation queue, highest priority first",
  description: "With a session cookie, `voted` says which entries the signed-in user voted for.",
  request: { query: queueQuery },
  responses: {
    200: jsonContent(queuePage, "Queue entries, highest priority first"),
    400: errorContent("A parameter is invalid; `error.details[0].path` names it"),
  },
});

export const queueApi = createRouter().openapi(route, async (c) => {
  const q = c.req.valid("query");
  const agingDays = c.var.config.queueAgingDays;
  const user = await currentUser(c);
  const { entries, total } = await listQueue(c.var.db, { ...q, agingDays, userId: user?.id }, Date.now());
  return c.json({ data: entries.map(queueEntryJson), total, priority_rule: priorityRule(agingDays) }, 200);
});
