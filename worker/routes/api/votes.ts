/** POST and DELETE /api/v1/submissions/{id}/vote: signed-in users, rate-limited, exact rules in D1. */
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../../edge/context";
import { orRefuse } from "../../edge/refusals";
import { voting } from "../../edge/services";
import { requireUser } from "../../edge/session";
import { errorContent, jsonContent, SECURITY, signedInErrors } from "../../schemas/common";
import { voteAnswer } from "../../schemas/queue";
import { unvote, vote } from "../../use-cases/votes";

const params = z.object({ id: z.string().min(1).max(64) });
const responses = {
  ...signedInErrors,
  404: errorContent("No such submission (or no vote to withdraw)"),
  409: errorContent("Already voted, or the submission is no longer PENDING"),
  429: errorContent("Rate limit or daily cap; Retry-After says when to try again"),
};

// What both vote routes share: the path, the session they need, the submission they name.
const voteRoute = {
  path: "/api/v1/submissions/{id}/vote",
  tags: ["Queue"],
  security: [...SECURITY.session],
  request: { params },
};

const cast = createRoute({
  ...voteRoute,
  method: "post",
  operationId: "vote",
  summary: "Vote for a waiting submission",
  responses: { 201: jsonContent(voteAnswer, "Vote recorded"), ...responses },
});

const withdraw = createRoute({
  ...voteRoute,
  method: "delete",
  operationId: "withdrawVote",
  summary: "Withdraw a vote",
  responses: { 200: jsonContent(voteAnswer, "Vote withdrawn"), ...responses },
});

export const votesApi = createRouter()
  .openapi(cast, async (c) => {
    const { deps, voter } = voting(c, (await requireUser(c)).id);
    const { id } = c.req.valid("param");
    const votes = orRefuse(await vote(deps, voter, id, Date.now()));
    return c.json({ data: { submission_id: id, voted: true, votes } }, 201);
  })
  .openapi(withdraw, async (c) => {
    const { deps, voter } = voting(c, (await requireUser(c)).id);
    const { id } = c.req.valid("param");
    const votes = orRefuse(await unvote(deps, voter, id));
    return c.json({ data: { submission_id: id, voted: false, votes } }, 200);
  });
