/** POST /api/v1/submissions: a signed-in user asks for a model to be evaluated. */
import { createRoute } from "@hono/zod-openapi";
import { createRouter } from "../../edge/context";
import { orRefuse } from "../../edge/refusals";
import { requireUser } from "../../edge/session";
import { errorContent, jsonBody, jsonBodyErrors, jsonContent, SECURITY, signedInErrors } from "../../schemas/common";
import { queueEntryJson, submissionAnswer, submissionBody } from "../../schemas/queue";
import { submit } from "../../use-cases/submit";

const route = createRoute({
  method: "post",
  path: "/api/v1/submissions",
  tags: ["Queue"],
  operationId: "submitModel",
  summary: "Ask for a model to be evaluated",
  security: [...SECURITY.session],
  request: jsonBody(submissionBody),
  responses: {
    201: jsonContent(submissionAnswer, "Queued (PENDING), with the submitter's vote; Location names it in the queue"),
    400: errorContent("Malformed request"),
    ...signedInErrors,
    409: errorContent("The same model, commit and precision is already queued or evaluated"),
    ...jsonBodyErrors,
    422: errorContent(
      "A Hub check failed, or the revision is not main, a tag or a commit of main's history; details name each",
    ),
    429: errorContent(
      "A namespace quota is used up (its owner's 5, or the 5 others share, at most 2 each, per 7 days, FAILED not counted); `details.limit` names it, Retry-After says when it frees",
    ),
    503: errorContent("The Hub did not answer; Retry-After says when to try again"),
  },
});

export const submissionsApi = createRouter().openapi(route, async (c) => {
  const user = await requireUser(c);
  const now = Date.now();
  const deps = { db: c.var.db, hub: c.var.hub, hubOffline: c.var.config.hubOffline };
  const row = orRefuse(await submit(deps, user, c.req.valid("json"), now));
  const history = [{ status: "PENDING" as const, at: now, reason: null }];
  return c.json({ data: queueEntryJson({ submission: row, votes: 1, priority: 1, voted: true, history }) }, 201, {
    location: `/api/v1/queue?status=PENDING#${row.id}`,
  });
});
