/** GET /api/v1/moderation: the public, append-only record of every admin action, newest first. */
import { createRoute } from "@hono/zod-openapi";
import { createRouter } from "../../edge/context";
import { cachedRoute } from "../../edge/response-cache";
import { errorContent, jsonContent, notModified } from "../../schemas/common";
import { moderationEntryJson, moderationPage, moderationQuery } from "../../schemas/moderation";
import { moderationLogPage } from "../../use-cases/moderation";

const route = createRoute(
  cachedRoute(["moderation"], {
    method: "get",
    path: "/api/v1/moderation",
    tags: ["Moderation"],
    operationId: "getModerationLog",
    summary: "The moderation log, newest first",
    description:
      "Every admin action (evaluator created, trust changed, key rotated or revoked, evaluator deleted, decision on " +
      "a run, model flagged or its flag lifted) and every flag the rules raise. Append-only: no endpoint edits or " +
      "deletes an entry, and the database refuses to.",
    request: { query: moderationQuery },
    responses: {
      200: jsonContent(moderationPage, "A page of the log, newest first"),
      400: errorContent("A parameter is invalid; `error.details[0].path` names it"),
      ...notModified,
    },
  }),
);

export const moderationApi = createRouter().openapi(route, async (c) => {
  const { entries, total } = await moderationLogPage(c.var.db, c.req.valid("query"));
  return c.json({ data: entries.map(moderationEntryJson), total }, 200);
});
