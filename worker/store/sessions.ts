/** Sessions: created at sign-in, read by primary key for requests that need the user, deleted at sign-out. */
import { and, eq, gt, lte } from "drizzle-orm";
import type { Db } from "./db";
import { sessions, users } from "./schema";
import { upsertUserStatement } from "./users";

/** Stores (or refreshes) the signed-in user and a new session of theirs valid until `expiresAt`, in one batch. */
export async function startSession(
  db: Db,
  user: { id: string; name: string; avatarUrl: string | null },
  session: { id: string; expiresAt: number },
  now: number,
): Promise<void> {
  await db.batch([
    upsertUserStatement(db, user, now),
    db.insert(sessions).values({ ...session, userId: user.id, createdAt: now }),
  ]);
}

/** The user of a session that exists and has not expired at `now`; undefined otherwise. One indexed read. */
export async function liveSessionUser(
  db: Db,
  id: string,
  now: number,
): Promise<{ id: string; name: string } | undefined> {
  return db
    .select({ id: users.id, name: users.name })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, now)))
    .get();
}

/** Ends one session. */
export async function deleteSession(db: Db, id: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, id));
}

/** Ends every session of the user ("sign out everywhere"). */
export async function deleteUserSessions(db: Db, userId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

/** Drops the rows of sessions that expired by `now`; they verify nothing any more, so this only frees space. */
export async function purgeExpiredSessions(db: Db, now: number): Promise<void> {
  await db.delete(sessions).where(lte(sessions.expiresAt, now));
}
