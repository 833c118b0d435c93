/**
 * The data version: a token that changes on every write a reader could see. Caches (Cache API, ETags) are keyed
 * by it, so a repeated view costs no D1 query for its content and a new evaluation shows within one request.
 */
import { eq, sql } from "drizzle-orm";
import type { Db } from "./db";
import { meta } from "./schema";

const KEY = "data_version";

/** The current data version ("0" on an empty database). */
export async function dataVersion(db: Db): Promise<string> {
  const row = await db.select({ value: meta.value }).from(meta).where(eq(meta.key, KEY)).get();
  return row?.value ?? "0";
}

let localBumps = 0;

/**
 * How many version bumps this isolate has prepared: when it changes, a version remembered in memory may be
 * stale, so readers that memoize the version (middleware/cache.ts) drop it and see their own writes at once.
 */
export function localBumpCount(): number {
  return localBumps;
}

/** A statement that moves the data version on; put it in the same batch as the write it covers. */
export function bumpDataVersion(db: Db) {
  localBumps++;
  const next = `${Date.now().toString(36)}-${crypto.randomUUID().slice(0, 8)}`;
  return db
    .insert(meta)
    .values({ key: KEY, value: next })
    .onConflictDoUpdate({ target: meta.key, set: { value: sql`excluded.value` } });
}
