/** POST and DELETE /api/v1/submissions/{id}/vote: signed-in users, rate-limited, exact rules in D1. */
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../context";
import { dailyCap } from "../domain/queue";
import { requireUser } from "../middleware/session";
import { voteGate } from "../services/vote-gate";
import { castVote, voteCountOf, withdrawVote } from "../store/votes";

const params = z.object({ id: z.string().min(1).max(64) });
const responses = {
  401: { description: "Not signed in" },
  404: { description: "No such submission (or no vote to withdraw)" },
  409: { description: "Already voted, or the submission is no longer PENDING" },
  429: { description: "Rate limit or daily cap; Retry-After says when to try again" },
};

const cast = createRoute({
  method: "post",
  path: "/api/v1/submissions/{id}/vote",
  request: { params },
  responses: { 201: { description: "Vote recorded" }, ...responses },
});

const withdraw = createRoute({
  method: "delete",
  path: "/api/v1/submissions/{id}/vote",
  request: { params },
  responses: { 200: { description: "Vote withdrawn" }, ...responses },
});

export const votesApi = createRouter()
  .openapi(cast, async (c) => {
    const user = await requireUser(c);
    const { id } = c.req.valid("param");
    await voteGate(c.env, user.id, c.req.header("cf-connecting-ip"));
    await castVote(c.var.db, {
      submissionId: id,
      userId: user.id,
      now: Date.now(),
      cap: dailyCap(c.env.VOTE_DAILY_CAP),
    });
    return c.json({ data: { submission_id: id, voted: true, votes: await voteCountOf(c.var.db, id) } }, 201);
  })
  .openapi(withdraw, async (c) => {
    const user = await requireUser(c);
    const { id } = c.req.valid("param");
    await voteGate(c.env, user.id, c.req.header("cf-connecting-ip"));
    await withdrawVote(c.var.db, id, user.id);
    return c.json({ data: { submission_id: id, voted: false, votes: await voteCountOf(c.var.db, id) } }, 200);
  });
