import { env } from "cloudflare:test";
import csv from "../../data/open-llm-leaderboard-v2-final.csv?raw";
import { parseLeaderboardCsv } from "../../worker/domain/seed";
import { database } from "../../worker/store/db";
import { seedIfEmpty } from "../../worker/store/seed";

/** The shipped final leaderboard data, parsed. */
export const demoData = () => parseLeaderboardCsv(csv);

/** Seeds this test file's D1 with the final leaderboard data; returns the drizzle handle. */
export async function seedDemo() {
  const db = database(env.DB);
  await seedIfEmpty(db, demoData());
  return db;
}
