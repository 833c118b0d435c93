/**
 * Sessions: a sign-in stores the user and a session row and gives the cookie value naming it; the signed-in user
 * of a verified cookie is its live row's; sign-out deletes one session or all of the user's; expired rows are
 * purged. The cookie's MAC is checked at the edge (edge/session.ts) before anything here reads D1.
 */
import { randomToken } from "../domain/encoding";
import { SESSION_TTL_MS, type SessionPayload, signSession, type Verified } from "../domain/session";
import type { Db } from "../store/db";
import { deleteSession, deleteUserSessions, liveSessionUser, startSession } from "../store/sessions";
import { findUser } from "../store/users";

export interface SessionUser {
  id: string;
  name: string;
}

/** Signs `user` in: their row refreshed, a new session of SESSION_TTL_MS, and the cookie value that names it. */
export async function signIn(
  db: Db,
  secret: string,
  user: { id: string; name: string; avatarUrl: string | null },
  now: number,
): Promise<string> {
  const session = { id: randomToken(32), expiresAt: now + SESSION_TTL_MS };
  await startSession(db, user, session, now);
  return signSession({ sid: session.id, exp: session.expiresAt }, secret);
}

/**
 * The user of a verified session cookie while its session exists and has not expired, or null; with the cookie
 * value to re-issue when it verified only under the previous secret (so active sessions survive the end of a
 * rotation). Read from the primary database, so a sign-out anywhere is seen at once.
 */
export async function sessionUser(
  db: Db,
  claim: Verified<SessionPayload>,
  secret: string,
  now: number,
): Promise<{ user: SessionUser; reissue: { value: string; maxAgeSeconds: number } | null } | null> {
  const user = await liveSessionUser(db, claim.payload.sid, now);
  if (!user) return null;
  if (!claim.previous) return { user, reissue: null };
  const value = await signSession(claim.payload, secret);
  return { user, reissue: { value, maxAgeSeconds: Math.floor((claim.payload.exp - now) / 1000) } };
}

/** Ends one session. */
export function signOut(db: Db, sessionId: string): Promise<void> {
  return deleteSession(db, sessionId);
}

/** Ends every session of the user, for every copy of every cookie. */
export function signOutEverywhere(db: Db, userId: string): Promise<void> {
  return deleteUserSessions(db, userId);
}

/** The signed-in user as `/api/v1/me` shows them. */
export async function me(db: Db, user: SessionUser) {
  const row = await findUser(db, user.id);
  return { user: { id: user.id, name: user.name, avatar_url: row?.avatarUrl ?? null } };
}
