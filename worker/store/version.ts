/**
 * Versions per read model: a token per kind of view that changes on every write a reader of that view could see.
 * Caches (Cache API, ETags) of a view are keyed by its model's version only, so a repeated view costs no D1 query
 * for its content, a write shows within one request, and a write to one model never flushes another's views:
 * - `board`: evaluations and models (the board, exports, model pages, compare, badges, feed);
 * - `queue`: submissions, votes and jobs (the queue API and page);
 * - `moderation`: the moderation log and evaluators' standing (the moderation API and page, evaluator pages).
 */
import { inArray, sql, type SQL } from "drizzle-orm";
import type { Db } from "./db";
import { meta, publishedBoard } from "./schema";

const KEYS = { board: "version:board", queue: "version:queue", moderation: "version:moderation" } as const;

export type ReadModel = keyof typeof KEYS;
export const READ_MODELS = Object.keys(KEYS) as ReadModel[];
export type Versions = Readonly<Record<ReadModel, string>>;

/**
 * The board snapshot every isolate loads (use-cases/published-board.ts): the board version it was built from and
 * its KV key. The one row of `published_board`, read in the same statement as the versions, so knowing what is
 * published costs a request nothing; written by the publisher only after the snapshot is in KV.
 */
export interface PublishedBoard {
  version: string;
  key: string;
}

/** The read models' versions and the published board (null before the first publish). */
export interface VersionState {
  versions: Versions;
  published: PublishedBoard | null;
}

// The published row joins the versions' rows under a key no version has, its two fields in one value.
const PUBLISHED_KEY = " published";

function parsePublished(value: string | undefined): PublishedBoard | null {
  const [version, key, ...rest] = value?.split(" ") ?? [];
  return version && key && rest.length === 0 ? { version, key } : null;
}

/** Every read model's current version and the published board, in one query ("0" for a model never written). */
export async function storedState(db: Db): Promise<VersionState> {
  const rows = await db
    .select({ key: meta.key, value: meta.value })
    .from(meta)
    .where(inArray(meta.key, Object.values(KEYS)))
    .unionAll(
      db
        .select({
          key: sql<string>`${PUBLISHED_KEY}`.as("key"),
          value: sql<string>`${publishedBoard.version} || ' ' || ${publishedBoard.snapshotKey}`.as("value"),
        })
        .from(publishedBoard),
    );
  const byKey = new Map(rows.map((r) => [r.key, r.value]));
  const versions = Object.fromEntries(READ_MODELS.map((m) => [m, byKey.get(KEYS[m]) ?? "0"])) as Versions;
  return { versions, published: parsePublished(byKey.get(PUBLISHED_KEY)) };
}

/** Every read model's current version, in one query ("0" for a model never written). */
export async function storedVersions(db: Db): Promise<Versions> {
  return (await storedState(db)).versions;
}

/** Records `published` as the board every isolate loads; its snapshot must already be in KV. */
export async function recordPublished(db: Db, published: PublishedBoard, now: number): Promise<void> {
  const row = { version: published.version, snapshotKey: published.key, publishedAt: now };
  await db
    .insert(publishedBoard)
    .values({ id: 1, ...row })
    .onConflictDoUpdate({ target: publishedBoard.id, set: row });
}

let localBumps = 0;

/**
 * The versions are remembered per isolate, for up to 1 s by default: a burst of requests costs one D1 read instead
 * of one each, at the price of a view up to 1 s old after another isolate's write. Writes made in this isolate drop
 * the memory at once (localBumps).
 */
const VERSION_TTL_MS = 1000;
let remembered: { state: VersionState; at: number; bumps: number } | null = null;

/**
 * The versions and the published board, at most `maxAgeMs` old (1 s) unless `fresh`, and never older than this
 * isolate's own last write. A caller that may lag further behind another isolate's writes (badges)
 * passes a longer bound.
 */
export async function recentState(db: Db, fresh = false, maxAgeMs = VERSION_TTL_MS): Promise<VersionState> {
  const now = Date.now();
  if (!fresh && remembered && remembered.bumps === localBumps && now - remembered.at < maxAgeMs) {
    return remembered.state;
  }
  const state = await storedState(db);
  remembered = { state, at: now, bumps: localBumps };
  return state;
}

/** The versions alone, as `recentState` remembers them. */
export async function recentVersions(db: Db, fresh = false, maxAgeMs = VERSION_TTL_MS): Promise<Versions> {
  return (await recentState(db, fresh, maxAgeMs)).versions;
}

/**
 * A statement that moves the versions of `models` on; put it in the same batch as the write it covers, naming
 * exactly the models whose views that write changes. With `when`, the versions only move if it holds when the
 * statement runs, so a write refused inside its batch (a cap, a quota, a lost race) moves nothing.
 */
export function bumpVersions(db: Db, models: readonly [ReadModel, ...ReadModel[]], when: SQL = sql`1`) {
  localBumps++;
  const next = `${Date.now().toString(36)}-${crypto.randomUUID().slice(0, 8)}`;
  const rows = sql.join(
    models.map((m) => sql`select ${KEYS[m]}, ${next} where ${when}`),
    sql` union all `,
  );
  // INSERT … SELECT … ON CONFLICT needs the SELECT's WHERE, which every row has, for SQLite to parse it.
  return db
    .insert(meta)
    .select(sql`${rows}`)
    .onConflictDoUpdate({ target: meta.key, set: { value: sql`excluded.value` } });
}
