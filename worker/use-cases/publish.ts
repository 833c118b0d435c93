/**
 * Publishing the board: built once per change from D1, written to KV under a key of its version, and only then
 * recorded as the published board (store/version.ts), so an isolate never finds a record whose snapshot is not
 * written, and a failed build or write leaves the previous record, and the board it names, serving.
 */
import type { SnapshotStore } from "../adapters/snapshots";
import { SnapshotBuilder } from "../domain/board/snapshot";
import type { Db } from "../store/db";
import { type BoardPages, boardPages } from "../store/read/board";
import { type PublishedBoard, recordPublished, storedState } from "../store/version";

/**
 * The snapshot format in the key: a deploy that changes the snapshot's bytes (domain/board/snapshot.ts) bumps it, so its isolates never
 * decode a snapshot of the old format (they build once and request a publish in the new one).
 */
export const SNAPSHOT_FORMAT = "2";
const KEY_PREFIX = `board/v${SNAPSHOT_FORMAT}/`;

/** The KV key of a board version's snapshot. */
export function snapshotKey(version: string): string {
  return `${KEY_PREFIX}${version}`;
}

/** The published board, when its snapshot is of this code's format. */
export function usablePublished(published: PublishedBoard | null): PublishedBoard | null {
  return published?.key.startsWith(KEY_PREFIX) ? published : null;
}

/** How many times a build is read again when a write lands between its version reads. */
const BUILD_ATTEMPTS = 3;

/**
 * The board as D1 has it now, as snapshot bytes, with the version it is of: the pages are read between two reads
 * of the version, and kept only when both agree (every board write moves the version in its own batch), so the
 * label never names data the rows do not hold, and no write landing between two pages is half in the snapshot.
 * Each page is encoded as it comes (SnapshotBuilder), so the build holds the board's columns and one page of rows.
 */
export async function consistentBoard(
  db: Db,
  pages: BoardPages = boardPages,
): Promise<{ version: string; bytes: Uint8Array }> {
  let before = (await storedState(db)).versions.board;
  for (let attempt = 1; ; attempt++) {
    const builder = new SnapshotBuilder({ order: "canonical" });
    for await (const page of pages(db)) builder.add(page);
    const after = (await storedState(db)).versions.board;
    if (after === before) return { version: after, bytes: builder.finish() };
    if (attempt === BUILD_ATTEMPTS) throw new Error(`the board moved during ${BUILD_ATTEMPTS} builds in a row`);
    before = after;
  }
}

export type PublishOutcome = { kind: "published" | "unchanged"; published: PublishedBoard };

/** What the publisher did with a request or an alarm: an outcome, an alarm set for later, or a failure it retries. */
export type PublishReply = PublishOutcome | { kind: "scheduled" | "failed"; published: null };

/**
 * Publishes the board D1 has now, unless that version is already published (then it reads one statement). The
 * snapshot goes to KV first, the record after: a throw from either leaves the last record as it was.
 */
export async function publishBoard(db: Db, snapshots: SnapshotStore, now = Date.now()): Promise<PublishOutcome> {
  const { versions, published } = await storedState(db);
  const current = usablePublished(published);
  if (current?.version === versions.board) return { kind: "unchanged", published: current };
  const built = await consistentBoard(db);
  const next = { version: built.version, key: snapshotKey(built.version) };
  await snapshots.write(next.key, built.bytes);
  await recordPublished(db, next, now);
  return { kind: "published", published: next };
}

/** Whether the published board lags D1's (the cron's safety net asks for a publish when it does). */
export async function publishLags(db: Db): Promise<boolean> {
  const { versions, published } = await storedState(db);
  return usablePublished(published)?.version !== versions.board;
}
