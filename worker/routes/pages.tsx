/** Server-rendered pages. */
import { createRouter } from "../context";
import { leaderboardEntry } from "../domain/entries";
import { fromZodError } from "../errors";
import { rankedByAverage } from "../store/evaluations";
import { boardQuery } from "./board-query";
import { renderDocument } from "../../web/document";
import { LeaderboardPage } from "../../web/pages/leaderboard";

export const pages = createRouter().get("/", async (c) => {
  const parsed = boardQuery.safeParse(c.req.query());
  if (!parsed.success) throw fromZodError(parsed.error, "parameter", "invalid_parameter");
  const { limit, offset } = parsed.data;
  const { rows, total } = await rankedByAverage(c.var.db, { limit, offset });
  const entries = rows.map((r) => leaderboardEntry(r.rank, r.evaluation, r.model));
  return c.html(
    renderDocument({
      title: "Podium — the open LLM leaderboard",
      description: "Open, reproducible ranking of open large language models on six benchmarks.",
      children: <LeaderboardPage entries={entries} total={total} offset={offset} limit={limit} />,
    }),
  );
});
