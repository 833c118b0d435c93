/** POST /api/v1/submissions: a signed-in user asks for a model to be evaluated. */
import { createRoute } from "@hono/zod-openapi";
import { createRouter } from "../context";
import { queueEntry } from "../domain/queue";
import { requireUser } from "../middleware/session";
import { submissionBody, submit } from "../services/submit";

const route = createRoute({
  method: "post",
  path: "/api/v1/submissions",
  request: { body: { required: true, content: { "application/json": { schema: submissionBody } } } },
  responses: {
    201: { description: "Queued (PENDING), with the submitter's vote" },
    400: { description: "Malformed request" },
    401: { description: "Not signed in" },
    409: { description: "The same model, commit and precision is already queued or evaluated" },
    422: {
      description:
        "A Hub check failed, or the revision is not main, a tag or a commit of main's history; details name each",
    },
    429: {
      description:
        "A namespace quota is used up (its owner's 5, or the 5 others share, at most 2 each, per 7 days, FAILED not counted); `details.limit` names it, Retry-After says when it frees",
    },
  },
});

export const submissionsApi = createRouter().openapi(route, async (c) => {
  const user = await requireUser(c);
  const now = Date.now();
  const row = await submit(
    { db: c.var.db, hub: c.var.hub, hubOffline: c.env.HUB_OFFLINE === "true" },
    user,
    c.req.valid("json"),
    now,
  );
  const history = [{ status: "PENDING", at: now, reason: null }];
  return c.json({ data: queueEntry({ submission: row, votes: 1, priority: 1, voted: true, history }) }, 201, {
    location: `/api/v1/queue?status=PENDING#${row.id}`,
  });
});
