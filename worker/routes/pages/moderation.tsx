/** `/moderation`: the moderation log as a page, newest first. */
import { renderDocument } from "../../../web/document";
import { ModerationPage } from "../../../web/pages/moderation";
import { createRouter } from "../../edge/context";
import { cachedRead } from "../../edge/response-cache";
import { moderationEntryJson, moderationQuery } from "../../schemas/moderation";
import { moderationLogPage } from "../../use-cases/moderation";

export const moderationPages = createRouter().get(
  "/moderation",
  cachedRead({ keyedBy: ["moderation"], parameters: ["offset"] }),
  async (c) => {
    // A bad offset shows the first page rather than an error: people follow these links, programs use the API.
    const parsed = moderationQuery.safeParse({ offset: c.req.query("offset") ?? "0" });
    const { limit, offset } = parsed.success ? parsed.data : { limit: 50, offset: 0 };
    const { entries, total } = await moderationLogPage(c.var.db, { limit, offset });
    return c.html(
      renderDocument({
        title: "Moderation log — Podium",
        description: "Every admin action on Podium, on the record, newest first.",
        section: "about",
        children: (
          <ModerationPage entries={entries.map(moderationEntryJson)} total={total} offset={offset} limit={limit} />
        ),
      }),
    );
  },
);
