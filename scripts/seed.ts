// Loads the old leaderboard's final data into the local D1 (the one `wrangler dev` uses) when it is empty.
import { readFile } from "node:fs/promises";
import { getPlatformProxy } from "wrangler";
import { parseLeaderboardCsv } from "../worker/domain/seed";
import { database } from "../worker/store/db";
import { seedIfEmpty } from "../worker/store/seed";

const csv = new URL("../data/open-llm-leaderboard-v2-final.csv", import.meta.url);
const started = performance.now();
const proxy = await getPlatformProxy<Env>({ configPath: "wrangler.toml", persist: true });
try {
  const inserted = await seedIfEmpty(database(proxy.env.DB), parseLeaderboardCsv(await readFile(csv, "utf8")));
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    inserted > 0
      ? `Seeded ${inserted} evaluations from data/open-llm-leaderboard-v2-final.csv in ${seconds} s.`
      : "The local database already holds evaluations; not seeding again.",
  );
} finally {
  await proxy.dispose();
}
