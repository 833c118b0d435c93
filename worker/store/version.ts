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
 * The version is remembered per isolate for up to 1 s: a burst of requests costs one D1 read instead of one
 * each, at the price of a view up to 1 s old after another isolate's write. Writes made in this isolate drop the
 * memory at once (localBumps).
 */
const VERSION_TTL_MS = 1000;
let remembered: { version: string; at: number; bumps: number } | null = null;

/** The data version, at most 1 s old unless `fresh` (and never older than this isolate's own last write). */
export async function recentDataVersion(db: Db, fresh = false): Promise<string> {
  const now = Date.now();
  if (!fresh && remembered && remembered.bumps === localBumps && now - remembered.at < VERSION_TTL_MS) {
    return remembered.version;
  }
  const version = await dataVersion(db);
  remembered = { version, at: now, bumps: localBumps };
  return version;
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
