/** GET /feed.atom: the newest ranked evaluations, newest first. */
import { createRoute, z } from "@hono/zod-openapi";
import { rankedFeed } from "../../domain/feed";
import { createRouter } from "../../edge/context";
import { cachedRoute } from "../../edge/response-cache";
import { notModified } from "../../schemas/common";
import { newlyRanked } from "../../use-cases/board";

const FEED_SIZE = 50;

const route = createRoute(
  cachedRoute(["board"], {
    method: "get",
    path: "/feed.atom",
    tags: ["Feed"],
    operationId: "getFeed",
    summary: "Newly ranked evaluations, as an Atom feed",
    responses: {
      200: {
        description: `The ${FEED_SIZE} newest ranked evaluations, newest first`,
        content: { "application/atom+xml": { schema: z.string() } },
      },
      ...notModified,
    },
  }),
);

export const feedApi = createRouter().openapi(route, async (c) => {
  const items = await newlyRanked(c.var.db, FEED_SIZE);
  return c.body(rankedFeed(new URL(c.req.url).origin, items), 200, {
    "content-type": "application/atom+xml; charset=utf-8",
  });
});
