/** GET /feed.atom: the newest ranked evaluations, newest first. */
import { createRouter } from "../context";
import { rankedFeed } from "../domain/feed";
import { cachedRead } from "../middleware/cache";
import { recentlyRanked } from "../store/board";

const FEED_SIZE = 50;

export const feed = createRouter().get("/feed.atom", cachedRead({ keyedBy: ["board"], parameters: [] }), async (c) => {
  const items = await recentlyRanked(c.var.db, FEED_SIZE);
  return c.body(rankedFeed(new URL(c.req.url).origin, items), 200, {
    "content-type": "application/atom+xml; charset=utf-8",
  });
});
